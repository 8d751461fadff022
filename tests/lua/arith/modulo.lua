-- % has the sign of the divisor (floor semantics)
local cases = {{7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {6, 3}, {-6, 3}, {0, 3}, {3, 7}, {-3, 7}}
for _, p in ipairs(cases) do io.write(p[1], "%", p[2], "=", p[1] % p[2], "  ") end
print()
for _, p in ipairs(cases) do io.write(p[1], "%", p[2], ".0=", p[1] % (p[2] + 0.0), "  ") end
print()
print(5.5 % 2, -5.5 % 2, 5.5 % -2, -5.5 % -2)
print(1 % math.huge, -1 % math.huge, 1 % -math.huge, -1 % -math.huge)
print(math.huge % 2 ~= math.huge % 2)
print(5 % 0.0 ~= 5 % 0.0)
print(math.mininteger % -1, math.maxinteger % -1, math.mininteger % math.maxinteger)
print(0.0 % 1, -0.0 % 1)
print(3 % -2, -3 % 2, 3.0 % -2, -3.0 % 2)
print(math.type(7 % 3), math.type(7 % 3.0))
print(2^53 % 3, math.maxinteger % 10)
print(-2^63 % 2, math.mininteger % 2)
