-- tables are references; equality is identity
local a = {1, 2}
local b = a
b[1] = "changed"
print(a[1], a == b, {} == {}, #a)
local function modify(t) t.x = "set" end
modify(a)
print(a.x)
local t = {}
t[t] = "self key"
print(t[t])
local k1, k2 = {}, {}
local m = {[k1] = 1, [k2] = 2}
print(m[k1], m[k2], m[{}])
local f = function() end
m[f] = "fn"
print(m[f])
m[print] = "builtin"
print(m[print])
m[true] = "t"; m[false] = "f"
print(m[true], m[false])
