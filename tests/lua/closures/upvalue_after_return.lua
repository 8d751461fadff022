-- closures keep upvalues alive after the frame is gone and across coroutines
local function box(v)
  return function() return v end, function(n) v = n end
end
local get, set = box("initial")
collectgarbage()
print(get())
set("changed")
print(get())
local co = coroutine.wrap(function()
  local shared = 0
  local function bump() shared = shared + 1 return shared end
  coroutine.yield(bump)
  return shared
end)
local bump = co()
bump(); bump()
print(co())
