-- constructors mixing array and hash parts
local t = {10, 20, x = "x", 30, [4] = 40, y = "y", [100] = 100}
print(#t == 4, t[1], t[3], t[4], t.x, t.y, t[100])
local u = {[1] = "a", [2] = "b", [3] = "c"}
print(#u, u[1], u[3])
local v = {n = 3, "p", "q", "r"}
print(v.n, #v, v[2])
local w = {[-1] = "neg", [0] = "zero", "one"}
print(w[-1], w[0], w[1], #w)
local x = {[1.5] = "float", [2.0] = "two", [true] = "true"}
print(x[1.5], x[2], x[true])
local function f() return 1, 2, 3 end
local y = {f(), f(), x = f()}
print(#y, y.x, y[1], y[2], y[5])
local z = {f(), (f())}
print(#z)
local e = {nil, nil, 3}
print(e[3], e[1])
local g = {"a", "b", nil}
print(g[1], g[2], g[3])
