-- debug.traceback: lua5.3's format, levels, messages, threads, long stacks
local function lvl3() return debug.traceback("msg") end
local function lvl2() return lvl3() end
function Lvl1() return (lvl2()) end
print(Lvl1())
print(debug.traceback("level0", 0))
print(debug.traceback("level2", 2))
print(debug.traceback())
print(debug.traceback(nil, 1))
print(debug.traceback(42))
print(debug.traceback(print) == print)
local t = {}
print(debug.traceback(t) == t)
print(debug.traceback("x", 50))

local co = coroutine.create(function(n)
  local function r(k) if k == 0 then coroutine.yield() else r(k - 1) end end
  r(n)
end)
print(debug.traceback(co))
coroutine.resume(co, 2)
print(debug.traceback(co))
print(debug.traceback(co, "with msg", 1))
print(debug.traceback(co, "far", 10))

local function deep(n, lv)
  if n == 0 then return debug.traceback("deep", lv) end
  return (deep(n - 1, lv))
end
print(deep(30, 1))
print(deep(18, 1))

local st, msg = xpcall(function() local x = nil; return x.y end, debug.traceback)
print(st, msg)
print(select(2, pcall(error)))
