-- upvalues are closed when a block exits (do, break, goto, return)
local fs = {}
do
  local v = "do block"
  fs[1] = function() return v end
end
for i = 1, 10 do
  local w = "broke at " .. i
  fs[2] = function() return w end
  if i == 3 then break end
end
do
  local k = 0
  ::again::
  local z = k
  fs[3 + k] = function() return z end
  k = k + 1
  if k < 3 then goto again end
end
print(fs[1](), fs[2](), fs[3](), fs[4](), fs[5]())
local function ret()
  local r = "returned"
  return function() return r end
end
print(ret()())
