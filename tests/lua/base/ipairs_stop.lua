-- ipairs stops at the first nil, even with more elements after
local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = i end
print(n)
local u = {[1] = "a", [2] = "b", [3] = nil, [4] = "d"}
n = 0
for i in ipairs(u) do n = i end
print(n)
local v = {n = 1, [0] = "zero"}
n = 0
for i in ipairs(v) do n = n + 1 end
print(n)
local w = {}
for i = 1, 5 do w[i] = i end
w[3] = false
n = 0
for i, x in ipairs(w) do n = i end
print(n)
local f, s, init = ipairs(w)
print(type(f), s == w, init)
print(f(w, 0))
print(f(w, 5))
