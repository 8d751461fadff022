-- A coroutine resuming itself: lua5.3's auxresume first checks "status OK and an empty
-- stack" on the coroutine's own stack, so a wrap function called by its own coroutine
-- with no arguments says "dead"; with arguments (or through coroutine.resume, whose
-- frame holds the coroutine) it says "non-suspended".
local c
c = coroutine.wrap(function(...) return c(...) end)
print(pcall(c))
c = coroutine.wrap(function(...) return c(...) end)
print(pcall(c, 1))
c = coroutine.wrap(function() return c(nil) end)
print(pcall(c))
c = coroutine.wrap(function() return c(1, 2, 3) end)
print(pcall(c))

-- the coroutine is not killed by the failed self-resume when the error is caught
c = coroutine.wrap(function()
  local ok, e = pcall(c)
  coroutine.yield(ok, e)
  ok, e = pcall(c, "x")
  coroutine.yield(ok, e)
  return "done"
end)
print(c())
print(c())
print(c())
print(pcall(c))

-- coroutine.resume on itself
local co
co = coroutine.create(function() return coroutine.resume(co) end)
print(coroutine.resume(co))
co = coroutine.create(function() return coroutine.resume(co, 1, 2) end)
print(coroutine.resume(co))
print(coroutine.status(co))

-- the main thread
print(coroutine.resume(coroutine.running()))
print(coroutine.resume(coroutine.running(), 1))

-- nested: an inner coroutine resuming its (normal) parent
local outer
outer = coroutine.create(function()
  local inner = coroutine.wrap(function() return coroutine.resume(outer) end)
  return inner()
end)
print(coroutine.resume(outer))
outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() return pcall(outer) end)
  return inner()
end)
print(outer())
