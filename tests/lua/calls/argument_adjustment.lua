-- missing arguments are nil; extra ones are dropped
local function f(a, b, c) return a, b, c end
print(f())
print(f(1))
print(f(1, 2, 3, 4, 5))
local function g(a, ...) return a, select("#", ...) end
print(g())
print(g(1, 2, 3))
local function h(...) local a, b = ... return a, b end
print(h(9))
print((f(1, 2, 3)))
local t = {f(1, 2)}
print(#t)
