-- how floats are converted to strings (%.14g, with ".0" added to integral values)
local values = {1.0, -1.0, 0.0, -0.0, 1.5, 100.0, 1e15, 1e16, 1e100, 1e-5, 123456789012345.0,
  1234567890123456.0, 2^53, 2^63, -2^63, 0.1, 1/3, 2/3, 1e300 * 1e10, -1e300 * 1e10,
  3.14159265358979, 1e14, 12345678901234.5, 5e-324, 2^-1074, 1.7976931348623157e308,
  123.456, 1e-300, 0.000001, 100000000000000.0, 99999999999999.9}
for _, v in ipairs(values) do io.write(tostring(v), " ") end
print()
print(1, 1.0, -0.0, 3 / 2, 4 / 2, 2^2, 10 // 3.0, 7 % 2.0)
print(math.pi, -math.pi, math.huge, -math.huge)
print(string.format("%.17g", 0.1), string.format("%.3f", 2/3))
print(1e15 + 0.5, 2^24, 2^31, 2^32, 2^64)
print(tostring(1e16) == "1e+16", tostring(10 / 2))
print(255 // 1.0, -255 / 1)
print(3 * 1.0, 3 + 0.0, 0.1 + 0.7)
