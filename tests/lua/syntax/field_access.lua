-- field access syntax: dot, brackets, nested, expressions as keys
local t = {a = {b = {c = "deep"}}, [1] = "one", ["with space"] = "ws"}
print(t.a.b.c, t["a"]["b"]["c"], t.a["b"].c)
print(t[1], t["with space"])
local key = "a"
print(t[key].b.c)
t[1 + 1] = "two"
print(t[2])
t["x" .. "y"] = "xy"
print(t.xy)
t.f = function() return t end
print(t.f().f().a.b.c)
t[true] = "bool key"
print(t[true], t[false])
local s = "str"
print(type(s.len), s.len == string.len)
print(("x").upper == string.upper)
print(#t.a.b.c)
