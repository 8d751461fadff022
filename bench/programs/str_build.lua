-- str_build: building and taking apart strings with the string library:
-- string.rep, string.char, string.byte, string.sub, upper/lower, reverse,
-- #, plain find, and a CSV line built and re-parsed per record.
-- Size: number of records.
-- Quick: 5000  (small size for smoke tests; the default below is the benchmark size)
-- Check: byte sums and lengths against closed forms.
local n = tonumber(arg and arg[1]) or 700000

local char, byte, rep, sub = string.char, string.byte, string.rep, string.sub
local upper, reverse, find = string.upper, string.reverse, string.find

local len_total, byte_total, upper_total, field_total = 0, 0, 0, 0
local e_len, e_byte, e_field = 0, 0, 0
local buf = {}
for i = 1, n do
  local c = 97 + i % 26
  local k = 1 + i % 7
  -- A word of k copies of one letter, its capitalised and reversed forms.
  local word = rep(char(c), k)
  local cap = upper(sub(word, 1, 1)) .. sub(word, 2)
  local rec = cap .. "," .. reverse(word .. "xy") .. "," .. i
  len_total = len_total + #rec
  e_len = e_len + k + 1 + (k + 2) + 1 + #tostring(i)
  -- Sum the bytes of the word part.
  for j = 1, k do byte_total = byte_total + byte(rec, j) end
  e_byte = e_byte + (c - 32) + (k - 1) * c
  if byte(cap, 1) == c - 32 then upper_total = upper_total + 1 end
  -- Split the record again at the commas.
  local p1 = find(rec, ",", 1, true)
  local p2 = find(rec, ",", p1 + 1, true)
  local f3 = tonumber(sub(rec, p2 + 1))
  field_total = field_total + f3 + (p2 - p1 - 1)
  e_field = e_field + i + k + 2
  buf[#buf + 1] = rec
  if #buf == 100 then
    local joined = table.concat(buf, ";")
    if #joined < 100 then error("str_build: short join") end
    buf = {}
  end
end
if len_total ~= e_len then error(string.format("str_build: length %d, expected %d", len_total, e_len)) end
if byte_total ~= e_byte then error(string.format("str_build: byte sum %d, expected %d", byte_total, e_byte)) end
if upper_total ~= n then error("str_build: upper count " .. upper_total) end
if field_total ~= e_field then error(string.format("str_build: field sum %.0f, expected %.0f", field_total, e_field)) end
print(string.format("ok str_build n=%d length=%d", n, len_total))
