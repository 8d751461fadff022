-- Untyped twin of typed_arith.ravi
local function poly(x, n)
  x = x + 0.0
  local s = 0.0
  local p = 1.0
  for i = 0, n do
    s = s + p * i
    p = p * x
  end
  return s
end
print(poly(0.5, 10), poly(2, 3))
local a, b = 7, 3
print(a // b, a % b, a / b, a * b, a - b, a + b, a & b, a | b, a ~ b, a << b, a >> 1, ~a, -a)
local x, y = 7.5, 2.0
print(x // y, x % y, x / y, x * y, x - y, x + y, -x, x ^ y)
print(a < b, a <= b, a == b, x < y, x <= y, x == y, a + x, x - a, a - x)
local i = math.tointeger(2.0)
print(i, math.type(i))
local n = 0.0
local m = 0
print(n, m, math.type(n), math.type(m))
local count = 0
for k = 10, 1, -2 do count = count + k end
print(count)
local c = math.tointeger(3 * 1.0)
print(c, math.type(c), math.type(3 + 0.0))
local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end
print(fib(20))
