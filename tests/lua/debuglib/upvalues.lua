-- getupvalue / setupvalue / upvalueid / upvaluejoin
local a, b = 1, 2
local function f() return a + b end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(debug.getupvalue(f, 3))
print(debug.getupvalue(f, 0))
print(select('#', debug.getupvalue(f, 3)))
print(debug.setupvalue(f, 1, 10), a, f())
print(debug.setupvalue(f, 3, 10))
print(select('#', debug.setupvalue(f, 3, 10)))
print(debug.getupvalue(print, 1))
local g = function() return _ENV end
print(debug.getupvalue(g, 1), debug.getupvalue(g, 1) == nil)

-- native closures have upvalues with empty names
local w = coroutine.wrap(function() end)
local n, v = debug.getupvalue(w, 1)
print(n == "", type(v))

local function h() return b end
print(debug.upvalueid(f, 2) == debug.upvalueid(h, 1), debug.upvalueid(f, 1) == debug.upvalueid(h, 1))
print(type(debug.upvalueid(f, 1)))
print(pcall(debug.upvalueid, f, 3))
print(pcall(debug.upvalueid, 1, 1))

debug.upvaluejoin(f, 1, h, 1)
print(f(), debug.upvalueid(f, 1) == debug.upvalueid(h, 1))
b = 5
print(f())
print(pcall(debug.upvaluejoin, f, 1, print, 1))
print(pcall(debug.upvaluejoin, print, 1, f, 1))
print(pcall(debug.upvaluejoin, f, 9, h, 1))
print(pcall(debug.upvaluejoin, f, 1, h, 9))

-- counters sharing an upvalue
local function counter()
  local c = 0
  return function() c = c + 1; return c end, function() return c end
end
local inc, get = counter()
inc(); inc()
print(get(), debug.setupvalue(get, 1, 40), inc(), get())
print(pcall(debug.getupvalue, {}, 1))
print(pcall(debug.setupvalue, f, 1))
