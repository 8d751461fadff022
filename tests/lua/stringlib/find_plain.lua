-- string.find: plain and simple patterns, init argument
local s = "hello world, hello lua"
print(s:find("hello"), s:find("hello", 2), s:find("xyz"))
print(s:find("o w"), s:find("l+"), s:find("l+", 5))
print(s:find(".", 1, true), s:find("a.b", 1, true), ("a.b"):find(".", 1, true))
print(s:find("lua", -3), s:find("hello", -100), s:find("", 100), s:find("", 23), s:find("", 24))
print(s:find(""), s:find("", 5))
print(("abc"):find("b", 0), ("abc"):find("c", -1))
print(s:find("(h)(e)"))
print(s:find("%a+"), s:find("%s"), s:find("%p"))
print(("a+b"):find("+", 1, true), ("a+b"):find("%+"))
print(("[x]"):find("[", 1, true), pcall(string.find, "[x]", "["))
