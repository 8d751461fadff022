-- goto is a reserved word in 5.3
print(load("goto = 1"))
print(load("local goto"))
print(load("t.goto = 1"))
local t = {}
t["goto"] = "fine as a string key"
print(t["goto"])
