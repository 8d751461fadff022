-- deep recursion inside a coroutine and yield from deep inside
local function depth(n) if n == 0 then return coroutine.yield("bottom") end return depth(n - 1) end
local co = coroutine.create(function() return depth(10000) end)
print(coroutine.resume(co))
print(coroutine.resume(co, "back up"))
local function rec(n) if n == 0 then return 0 end return 1 + rec(n - 1) end
local co2 = coroutine.wrap(function() return rec(100000) end)
print(co2())
local function yielder(n) if n == 0 then return 0 end coroutine.yield(n) return yielder(n - 1) end
local co3 = coroutine.wrap(function() return yielder(5) end)
local vals = {}
for i = 1, 6 do vals[i] = co3() end
print(table.concat(vals, " "))
