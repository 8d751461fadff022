-- calling with string/table literal arguments and chained calls
local function f(x) return function(y) return x .. "|" .. tostring(y) end end
print(f"a""b")
print(f"a"[[b]])
print(f{} ~= nil)
local t = {get = function(self) return self end}
print(t:get():get() == t)
local s = ("%d-%d"):format(1, 2)
print(s)
print(#("abc"):rep(3))
local m = {f = f}
print(m.f"x""y")
print(type(print))
local function ret(...) return ... end
print(ret{1}[1], ret"s":upper())
