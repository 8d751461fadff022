-- errors inside coroutines: resume returns false and the message; the coroutine is dead
local co = coroutine.create(function(x)
  coroutine.yield(x)
  local t = nil
  return t.field
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co))
print(coroutine.status(co))
local co2 = coroutine.create(function() error({reason = "table error"}) end)
local ok, e = coroutine.resume(co2)
print(ok, type(e), e.reason)
local co3 = coroutine.create(function() error("level 2 error", 2) end)
print(coroutine.resume(co3))
local co4 = coroutine.create(function() return pcall(error, "caught inside") end)
print(coroutine.resume(co4))
local co5 = coroutine.create(function() coroutine.yield(1); error() end)
coroutine.resume(co5)
print(coroutine.resume(co5))
