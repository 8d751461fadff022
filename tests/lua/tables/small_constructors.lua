-- Small table constructors ({a, b}, {f()}, {...}) and how their array parts grow,
-- shrink and move to the hash part afterwards.
local function dump(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. "=" .. tostring(t[k]) end
  return "#" .. #t .. " {" .. table.concat(out, ",") .. "}"
end

local function two() return "x", "y" end
local function many(...) return {...} end

local cases = {
  {1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4}, {1, 2, 3, 4, 5},
  {two()}, {0, two()}, {two(), two()}, many(), many(1), many(1, 2, 3), many(nil, nil, 3),
  {nil, 2}, {1, nil}, {[1] = "a", "b"}, {n = 1, 10, 20},
}
for i, t in ipairs(cases) do print(i, dump(t)) end

-- grow past the constructor's size, then shrink and regrow
local t = {1, 2}
for i = 3, 10 do t[i] = i * 10 end
print(dump(t))
for i = 10, 2, -1 do t[i] = nil end
print(dump(t))
collectgarbage()
for i = 2, 5 do t[i] = -i end
print(dump(t))
table.insert(t, 1, "first")
table.remove(t)
print(dump(t))

-- many small tables kept alive across collections
local keep = {}
for i = 1, 2000 do
  keep[i] = {i, {i, i + 1}, {}}
  if i % 500 == 0 then collectgarbage() end
end
local sum = 0
for i = 1, 2000 do sum = sum + keep[i][1] + keep[i][2][2] + #keep[i][3] end
print(sum)

-- rehash: a small constructor table gains hash keys and integer keys out of order
local r = {1, 2}
r.x = "x"; r[4] = 4; r[3] = 3; r[5] = 5; r[100] = 100
print(dump(r))
for k = 1, 5 do r[k] = nil end
collectgarbage()
print(dump(r), next({}, nil))
