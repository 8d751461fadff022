-- str_concat: building strings by repeated `..` in a loop (with periodic
-- reset so strings stay short), multi-operand concatenation, number-to-string
-- coercion in concatenation, and table.concat of many pieces.
-- Size: number of loop iterations.
-- Quick: 5000  (small size for smoke tests; the default below is the benchmark size)
-- Check: lengths against closed forms (digit counts computed arithmetically).
local n = tonumber(arg and arg[1]) or 1000000

local function digits(i)
  local d = 1
  while i >= 10 do i = (i - i % 10) / 10; d = d + 1 end
  return d
end

-- 1. s = s .. piece, reset every 64 iterations.
local s, total = "", 0
for i = 1, n do
  s = s .. "x" .. i
  if i % 64 == 0 then total = total + #s; s = "" end
end
total = total + #s

-- 2. Multi-operand concatenation building a fresh string each iteration.
local total2 = 0
for i = 1, n do
  local line = "item " .. i .. ": " .. "value=" .. (i * 3) .. ";"
  total2 = total2 + #line
end

-- 3. table.concat of n pieces with a separator, and without.
local parts = {}
for i = 1, n do parts[#parts + 1] = tostring(i) end
local joined = table.concat(parts, ",")
local joined2 = table.concat(parts)

local e1, e2, e3 = 0, 0, 0
for i = 1, n do
  local d = digits(i)
  e1 = e1 + 1 + d
  e2 = e2 + 14 + d + digits(i * 3)
  e3 = e3 + d
end
if total ~= e1 then error(string.format("str_concat: loop total %d, expected %d", total, e1)) end
if total2 ~= e2 then error(string.format("str_concat: line total %d, expected %d", total2, e2)) end
if #joined ~= e3 + n - 1 or #joined2 ~= e3 then
  error(string.format("str_concat: table.concat lengths %d/%d, expected %d/%d", #joined, #joined2, e3 + n - 1, e3))
end
if joined:sub(1, 6) ~= "1,2,3," then error("str_concat: bad joined prefix " .. joined:sub(1, 6)) end
print(string.format("ok str_concat n=%d length=%d", n, #joined))
