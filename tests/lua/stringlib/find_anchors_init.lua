-- anchors and init positions with find/match/gmatch
print(("aaa"):find("^a", 2), ("aaa"):match("^a", 2))
print(("hello"):find("l", -2), ("hello"):find("h", 0), ("hello"):find("h", -10))
print(("hello"):find("o", 6), ("hello"):find("", 6), ("hello"):find("", 7))
local count = 0
for _ in ("^a^a"):gmatch("^a") do count = count + 1 end
print(count)
print(("a$b"):find("$", 1, true), ("a$b"):find("%$"), ("ab"):find("b$"), ("a$"):find("a$"))
print(("abc"):find("b", 1.0), pcall(string.find, "abc", "b", 1.5))
