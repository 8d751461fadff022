-- yield outside a coroutine
print(pcall(coroutine.yield, "x"))
print(coroutine.isyieldable())
local ok, e = pcall(function() coroutine.yield() end)
print(ok, e)
