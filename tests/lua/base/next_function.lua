-- next and pairs in the base library
local t = {10, 20, 30}
local k, v = next(t)
print(k, v)
k, v = next(t, 3)
print(k, v)
print(next({}, nil))
print(pcall(next))
print(pcall(next, {}, {}))
local count = 0
for key, val in next, {a = 1, b = 2, c = 3} do count = count + val end
print(count)
print(rawequal(next, pairs({})))
