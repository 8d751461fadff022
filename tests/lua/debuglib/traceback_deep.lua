-- Long stacks: debug.traceback keeps the first 10 and the last 11 levels with "..."
-- between them (luaL_traceback's cut-off), for the running thread and for a coroutine.
local function f(n) if n == 0 then print(debug.traceback('m')) print(debug.traceback('m', 2)) return end f(n-1) end f(30)
local function g(n) if n == 0 then print(debug.traceback()) return end g(n-1) end g(19)
local function h(n) if n == 0 then coroutine.yield() return end h(n-1) end
local co = coroutine.create(function() h(25) end) coroutine.resume(co) print(debug.traceback(co))
print(select(2, xpcall(f, debug.traceback, 21)))
