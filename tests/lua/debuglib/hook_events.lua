-- debug.sethook: exact count hooks, call/return events through pcall, methods, metamethods, per-coroutine hooks, tail returns
local ev = {}
local function rec(e, l)
  local i = debug.getinfo(2, "nSlt")
  ev[#ev + 1] = e .. ":" .. tostring(l) .. ":" .. tostring(i.name) .. ":" .. i.what .. ":" .. tostring(i.currentline) .. ":" .. tostring(i.istailcall)
end
local function flush(title) print(title, #ev) for _, s in ipairs(ev) do print("", s) end ev = {} end
-- count exact
local n = 0
debug.sethook(function(e) n = n + 1 end, "", 1)
local a = 1
a = a + 1
a = a * 2
debug.sethook()
print("count1", n)
-- hooks with pcall / error
debug.sethook(rec, "cr")
pcall(error, "x")
debug.sethook()
flush("pcall error")
debug.sethook(rec, "cr")
local s = ("x"):rep(2)
debug.sethook()
flush("method")
debug.sethook(rec, "cr")
local t = setmetatable({}, {__index = function(t, k) return k end})
local _ = t.foo
debug.sethook()
flush("metamethod")
-- line hook in a coroutine: hooks are per-thread
local co = coroutine.create(function() local x = 1 coroutine.yield() x = 2 end)
debug.sethook(co, rec, "l")
coroutine.resume(co) coroutine.resume(co)
flush("co lines")
print(type(debug.gethook(co)), select(2, debug.gethook(co)))
debug.sethook(co)
print(debug.gethook(co))
-- hook sees locals
debug.sethook(function(e, l) if l == 42 then print("local at 42:", (debug.getlocal(2, 1))) end end, "l")
do
  local q = 42
  q = q + 1
end
debug.sethook()
-- hook inside hook not called
local depth = 0
debug.sethook(function() depth = depth + 1 local y = 0 for i = 1, 3 do y = y + i end end, "l")
local w = 1
debug.sethook()
print("depth", depth)
-- return hook with multiple results and tail call in Lua
local function tc(n) if n > 0 then return tc(n - 1) end return "done" end
debug.sethook(rec, "r")
tc(2)
debug.sethook()
flush("tail returns")
-- hook on main chunk via load
debug.sethook(rec, "c")
load("return 1")()
debug.sethook()
flush("load call")
