-- decimal numerals: integers, floats, exponents, overflow to float
print(3, 3.0, 3.1416, 314.16e-2, 0.31416E1, 34e1)
print(.5, 5., 5.e0, .5e1, 1e0, 1E+2, 1e-2)
print(math.type(3), math.type(3.0), math.type(1e2), math.type(34e1))
print(9223372036854775807, math.type(9223372036854775807))
print(9223372036854775808, math.type(9223372036854775808))   -- too big: float
print(-9223372036854775808, math.type(-9223372036854775808))  -- negation of a float
print(math.mininteger == -9223372036854775807 - 1)
print(18446744073709551616)
print(1e308 * 10, -1e308 * 10)
print(2^53, 2^53 + 1)
print(123456789012, 1234567890123456789)
print(0.1 + 0.2 == 0.3, 0.1 + 0.2)
print(1e15, 1e16, 1e100, 123e-7)
print(00012, 0012.5, 1e010)
print(3 == 3.0, 1e2 == 100)
print(5e-324 > 0, 5e-325 == 0)
