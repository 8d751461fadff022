-- fib: naive doubly recursive Fibonacci.
-- Measures: Lua-to-Lua calls and returns, integer add/compare.
-- Size: n (fib(n) is computed).
-- Quick: 20  (small size for smoke tests; the default below is the benchmark size)
local n = tonumber(arg and arg[1]) or 37

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

local r = fib(n)

-- Check against the iterative definition.
local a, b = 0, 1
for _ = 1, n do a, b = b, a + b end
if r ~= a then
  error(string.format("fib: fib(%d) = %s, expected %s", n, tostring(r), tostring(a)))
end
print(string.format("ok fib n=%d fib=%d", n, r))
