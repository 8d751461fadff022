-- # on sequences, with holes only at the end, and after growth/shrink
local t = {}
print(#t)
for i = 1, 10 do t[i] = i end
print(#t)
t[10] = nil
print(#t)
t[9] = nil; t[8] = nil
print(#t)
for i = 1, 7 do t[i] = nil end
print(#t)
local u = {1, 2, 3, nil}
print(#u)
local v = {n = 1}
print(#v)
local w = {}
for i = 1, 100 do w[#w + 1] = i * i end
print(#w, w[#w])
while #w > 50 do w[#w] = nil end
print(#w, w[50])
local s = {"a", "b", "c"}
s[#s + 1] = "d"
print(#s, s[4])
local one = {[1] = 1}
print(#one)
local border_ok = {1, 2, 3, nil, 5}
local n = #border_ok
print(n == 3 or n == 5)
local h = {}
h[1] = 1; h[2] = 2; h[3] = 3
print(#h)
