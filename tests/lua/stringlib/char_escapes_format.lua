-- format %s with embedded zeros and long strings
local s = string.format("%s|%s", "a\0b", "c")
print(#s, s:byte(2), s:sub(4))
print(#string.format("%s", string.rep("x", 1000)))
print(pcall(string.format, "%10s", "a\0b"))
print(string.format("%-5s|%5s", "ab", "cd"))
print(string.format("[%c]", 0) == "[\0]")
