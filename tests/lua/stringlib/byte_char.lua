-- string.byte / string.char
print(string.byte("A"), ("ABC"):byte(2), ("ABC"):byte(-1), ("ABC"):byte(1, -1))
print(("ABC"):byte(10), select("#", ("ABC"):byte(10)), select("#", ("ABC"):byte(2, 1)))
print(("ABC"):byte(0), ("\255\0"):byte(1, 2))
print(string.char(72, 105), string.char(), #string.char(0, 0))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
print(string.char("65", 66.0))
print(pcall(string.char, 65.5))
local t = {("hello"):byte(1, -1)}
print(#t, string.char(table.unpack(t)))
