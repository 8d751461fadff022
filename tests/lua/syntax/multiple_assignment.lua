-- multiple assignment evaluates all expressions before assigning
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local x, y = 1, 2, 3
print(x, y)
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local function f() return 1, 2, 3 end
local p, q, r, s = f()
print(p, q, r, s)
p, q, r, s = f(), 10
print(p, q, r, s)
p, q, r, s = 0, f()
print(p, q, r, s)
p, q = (f())
print(p, q)
-- swap in a table
local u = {1, 2, 3}
u[1], u[3] = u[3], u[1]
print(u[1], u[2], u[3])
-- rotate
local m, n, o = 1, 2, 3
m, n, o = n, o, m
print(m, n, o)
-- global and local mixed
g1, local1 = 5, 6
print(g1, local1)
