-- equal strings are equal however they were built
local a = "hello world"
local b = "hello " .. "world"
local c = string.format("%s %s", "hello", "world")
print(a == b, b == c, rawequal(a, c))
local t = {}
t[a] = 1
print(t[b], t[c])
local long1 = string.rep("abcdefghij", 10)
local long2 = string.rep("abcde", 20):gsub("abcdeabcde", "abcdefghij")
print(long1 == long2, rawequal(long1, long2))
t[long1] = "long key"
print(t[long2])
local keys = {}
for i = 1, 100 do keys["k" .. i] = i end
local sum = 0
for i = 1, 100 do sum = sum + keys["k" .. i] end
print(sum)
print(("a"):rep(41) == ("a"):rep(40) .. "a", ("a"):rep(40) == ("a"):rep(39) .. "a")
