-- float keys with integral values are normalised to integers
local t = {}
t[1] = "a"
t[1.0] = "b"
print(t[1], #t)
t[2.0] = "c"
print(t[2], #t, math.type(next({[3.0] = true})))
t[2^53] = "big"
print(t[2^53 | 0], t[9007199254740992])
t[-0.0] = "zero"
print(t[0], t[-0.0], t[0.0])
t[1.5] = "float"
print(t[1.5], t[1])
local keys = {}
for k in pairs({[1.0] = 1, [2.0] = 2, [3.5] = 3}) do keys[#keys + 1] = math.type(k) .. ":" .. k end
table.sort(keys)
print(table.concat(keys, " "))
print(rawget(t, 1.0), rawget(t, 2.0))
rawset(t, 3.0, "raw")
print(t[3], math.type(next({[4.0] = 1})))
print(t["1"])
