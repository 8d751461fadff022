-- math.random / randomseed: ranges and argument forms (values themselves are not checked)
math.randomseed(42)
local ok = true
for i = 1, 2000 do
  local r = math.random()
  if not (r >= 0 and r < 1 and math.type(r) == "float") then ok = false end
end
print("float in [0,1)", ok)
local seen = {}
ok = true
for i = 1, 2000 do
  local r = math.random(6)
  if math.type(r) ~= "integer" or r < 1 or r > 6 then ok = false end
  seen[r] = true
end
print("1..6", ok, #seen)
seen, ok = {}, true
for i = 1, 2000 do
  local r = math.random(-3, 3)
  if math.type(r) ~= "integer" or r < -3 or r > 3 then ok = false end
  seen[r + 4] = true
end
print("-3..3", ok, #seen)
print(math.random(5, 5), math.random(1), math.random(0, 0), math.random(math.maxinteger, math.maxinteger))
print(math.random(math.mininteger, math.mininteger))
ok = true
for i = 1, 100 do
  local r = math.random(0, math.maxinteger)
  if r < 0 then ok = false end
  r = math.random(math.mininteger, -1)
  if r >= 0 then ok = false end
  r = math.random(3.0)
  if r < 1 or r > 3 then ok = false end
end
print("wide", ok)
-- same seed, same sequence
math.randomseed(7)
local a = {math.random(1000), math.random(1000), math.random()}
math.randomseed(7)
local b = {math.random(1000), math.random(1000), math.random()}
print(a[1] == b[1], a[2] == b[2], a[3] == b[3])
math.randomseed(7.9)
local c = math.random(1000)
print(c == a[1])
