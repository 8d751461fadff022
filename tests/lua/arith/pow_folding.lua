-- `^` folded by the compiler (constant operands) must equal `^` computed at run time,
-- bit for bit (`==`), and print as lua5.3's. Each case compiles `return <x>^<y>` (folded)
-- and `local a, b = <x>, <y> return a ^ b` (computed). Values are printed with 14
-- digits: ravi's pow (libm's) is 1 ulp off glibc's for some operands (2^-0.5, 2.5^2.5).
local cases = {
  {"2", "0.5"}, {"2", "-0.5"}, {"10", "0.1"}, {"3", "1/3"}, {"1.0000001", "1e7"},
  {"2", "2"}, {"2", "3"}, {"2.5", "2.5"}, {"7", "-3"}, {"0.1", "0.2"},
  {"123.456", "7.89"}, {"1e10", "0.3"}, {"2", "53"}, {"2", "-1074"}, {"9", "0.5"},
  {"1.5", "100"}, {"0.99", "1000"}, {"3.14159", "2.71828"}, {"5", "0.333"}, {"17", "1.7"},
}
for _, c in ipairs(cases) do
  local folded = assert(load("return " .. c[1] .. "^" .. c[2]))()
  local computed = assert(load("local a, b = " .. c[1] .. ", " .. c[2] .. " return a ^ b"))()
  print(c[1] .. "^" .. c[2], folded, folded == computed)
end
-- in the same chunk
local a, b = 2, 0.5
print(2^0.5 == a^b, 2^0.5 == math.sqrt(2), string.format("%.17g", 2^0.5), 2^0.5 == 2^b)
