-- float arithmetic, infinities and signed zero
local inf = math.huge
print(inf + 1, inf - inf ~= inf - inf, inf * 0 ~= inf * 0, -inf * -1)
print(1 / inf, -1 / inf, 1 / -inf)
print(0.0 == -0.0, 1 / 0.0, 1 / -0.0)
print(0.1 + 0.2, 0.3 - 0.1, 1.1 * 1.1)
print(1e308 + 1e308, -1e308 - 1e308, 1e-320 / 1e10)
print(3.0 == 3, 3.5 - 0.5, math.type(3.5 - 0.5))
print(2^53 + 1.0 == 2^53, 2^53 + 2.0)
print(7.0 / 2, -7.0 / 2, 7 / -2.0)
print(math.huge // 1, -math.huge // 1, math.huge % 2 ~= math.huge % 2)
print(string.format("%.1f %.1f", 0.05, 0.15))
print(1e15 / 3)
