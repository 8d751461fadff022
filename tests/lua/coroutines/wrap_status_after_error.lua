-- a wrapped coroutine that errored is dead
local w = coroutine.wrap(function() error("first") end)
print(pcall(w))
print(pcall(w))
local cw
local co = coroutine.create(function() cw = coroutine.running(); error("x") end)
coroutine.resume(co)
print(coroutine.status(co), cw == co)
