-- string.len and string.sub with positive, negative and out-of-range indices
local s = "hello world"
print(string.len(s), s:len(), ("\0\0"):len())
print(s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-5, -3), s:sub(0), s:sub(3, 2))
print(s:sub(100), s:sub(-100), s:sub(-100, 2), s:sub(5, 100), s:sub(0, 0), s:sub(1, 0))
print(s:sub(math.mininteger, math.maxinteger), s:sub(2, -2))
print(("abc"):sub(-1, -1), ("abc"):sub(4, 4) == "")
print(pcall(string.sub))
print(pcall(string.sub, "x", "a"))
print(string.sub("12345", "2", "3"), string.sub(12345, 2, 3))
print(pcall(string.len, nil))
print(string.len(123), string.len(1.5))
