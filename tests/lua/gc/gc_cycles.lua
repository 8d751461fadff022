-- cyclic structures are collected
local weak = setmetatable({}, {__mode = "v"})
do
  local a, b = {}, {}
  a.other = b; b.other = a
  a.self = a
  weak[1], weak[2] = a, b
end
collectgarbage()
print(weak[1], weak[2])
do
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  weak[3] = co
  local f
  f = function() return f end
  weak[4] = f
end
collectgarbage()
print(weak[3], weak[4])
