-- closures: closure creation in loops, calls through closures, shared and
-- nested upvalues (read and write), higher-order map/filter/fold.
-- Size: number of iterations.
-- Quick: 10000  (small size for smoke tests; the default below is the benchmark size)
-- Check: every sum against a closed form.
local n = tonumber(arg and arg[1]) or 3000000

-- 1. Create a fresh closure per iteration and call it.
local function make_adder(x) return function(y) return x + y end end
local s1 = 0
for i = 1, n do
  local add = make_adder(i)
  s1 = s1 + add(i)
end
if s1 ~= n * (n + 1) then error(string.format("closures: adder sum %.0f", s1)) end

-- 2. Counters: closures sharing one upvalue, writing it.
local function make_counter()
  local c = 0
  local function inc(d) c = c + d; return c end
  local function get() return c end
  return inc, get
end
local inc, get = make_counter()
for i = 1, n do inc(1); inc(i % 3) end
local e2 = n
for i = 1, n do e2 = e2 + i % 3 end
if get() ~= e2 then error(string.format("closures: counter %d, expected %d", get(), e2)) end

-- 3. Nested upvalues: three levels of functions over one local.
local function outer()
  local a = 0
  return function(d)
    return function()
      a = a + d
      return a
    end
  end
end
local level1 = outer()
local s3 = 0
for i = 1, n do
  local f = level1(i % 5)
  s3 = f()
end
local e3 = 0
for i = 1, n do e3 = e3 + i % 5 end
if s3 ~= e3 then error(string.format("closures: nested %d, expected %d", s3, e3)) end

-- 4. Higher-order functions over a 100-element array, with closures as arguments.
local function map(t, f) local r = {}; for i = 1, #t do r[i] = f(t[i]) end; return r end
local function filter(t, p) local r = {}; for i = 1, #t do if p(t[i]) then r[#r + 1] = t[i] end end; return r end
local function fold(t, f, acc) for i = 1, #t do acc = f(acc, t[i]) end; return acc end
local arr = {}
for i = 1, 100 do arr[i] = i end
local s4 = 0
local rounds = math.floor(n / 100)
for r = 1, rounds do
  local k = r % 4
  local m = map(arr, function(x) return x * 2 + k end)
  local f = filter(m, function(x) return x % 2 == 0 end)
  s4 = s4 + fold(f, function(acc, x) return acc + x end, 0)
end
-- For even k all 100 mapped values are even and sum to 10100 + 100k; for odd k none are.
local e4 = 0
for r = 1, rounds do local k = r % 4; if k % 2 == 0 then e4 = e4 + 10100 + 100 * k end end
if s4 ~= e4 then error(string.format("closures: map/filter/fold %d, expected %d", s4, e4)) end

print(string.format("ok closures n=%d", n))
