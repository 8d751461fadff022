-- Untyped twin of typed_const_arith.ravi (the same program without the annotations).
--
--
local x = 2.5
print(x + 1, 1 + x, x - 1, 1 - x, x * 3, 3 * x, x / 2, 2 / x)
print(x + 0.5, 0.5 + x, x - 0.25, 10.0 - x, x * 0.5, x / 0.5, 5.0 / x, -x * 2)
local z = x - x
print(1 / z, -1 / z, z * -1.0, 0.0 - z, z - 0.0, 1e308 * x, x / 1e-308)
local i = 5
print(i + 1, i - 1, 1 + i, i + 128, i - 127, i - 128, i + (-127), i - (-128), i + 0)
local big = math.maxinteger
local small = math.mininteger
print(big + 1 == math.mininteger, small - 1 == math.maxinteger, big - (-1) == small)
local sum = 0
for k = 1, 10 do sum = sum + k - 1 end
print(sum, math.type(sum))
local ia = {10, 20, 30}
local fa = {0.5, 1.5}
print(ia[1], ia[2], ia[3], fa[1], fa[2], #ia, #fa)
ia[2] = 200; ia[4] = 40; fa[1] = 2.25; fa[3] = 3.5
print(ia[1], ia[2], ia[3], ia[4], fa[1], fa[2], fa[3], #ia, #fa)
local v, w = i * 2, x * 2
ia[v - 5] = v; fa[i - 1] = w; ia[i + 1] = ia[1]; fa[i] = fa[1] + fa[2]
print(ia[5], ia[6], fa[4], fa[5], #ia, #fa)
for k = 1, #ia do ia[k] = ia[k] + k end
for k = 1, #fa do fa[k] = fa[k] * 2.0 end
print(table.concat(ia, " "), table.concat(fa, " "))
ia[1], ia[2] = ia[2], ia[1]
fa[1], fa[2] = fa[2], fa[1]
print(ia[1], ia[2], fa[1], fa[2])
local lim, neg = 10, -3
for k = 1, lim, 3 do io.write(k, " ") end
for k = lim, 1, neg do io.write(k, " ") end
for k = lim, 1 do io.write(k, " ") end
for k = -2, 2 do io.write(k, " ") end
print()
