-- many temporary strings and closures
local total = 0
for i = 1, 200000 do
  local s = "item" .. i
  total = total + #s
end
print(total)
local fs = 0
for i = 1, 200000 do
  local f = function() return i end
  fs = fs + f()
end
print(fs)
collectgarbage()
print(collectgarbage("count") < 10 * 1024)
