-- coroutines: generators with coroutine.wrap, ping-pong between the main
-- thread and a coroutine passing values through resume/yield, a pipeline of
-- producer -> filter -> consumer coroutines, and many short-lived coroutines.
-- Size: number of values passed.
-- Quick: 10000  (small size for smoke tests; the default below is the benchmark size)
-- Check: sums against closed forms.
local n = tonumber(arg and arg[1]) or 2500000
local yield, wrap, create, resume = coroutine.yield, coroutine.wrap, coroutine.create, coroutine.resume

-- 1. Generator.
local gen = wrap(function() for i = 1, n do yield(i) end end)
local s1 = 0
for _ = 1, n do s1 = s1 + gen() end
if s1 ~= n * (n + 1) / 2 then error(string.format("coroutines: generator sum %.0f", s1)) end

-- 2. Ping-pong: the coroutine returns each value it receives plus one.
local co = create(function(x)
  while true do x = yield(x + 1) end
end)
local v = 0
for _ = 1, n do
  local ok, r = resume(co, v)
  if not ok then error(r) end
  v = r
end
if v ~= n then error("coroutines: ping-pong ended at " .. tostring(v)) end

-- 3. Pipeline: producer -> filter (multiples of 3) -> consumer.
local function producer(limit)
  return wrap(function() for i = 1, limit do yield(i) end yield(nil) end)
end
local function filter(src)
  return wrap(function()
    while true do
      local x = src()
      if x == nil then yield(nil) return end
      if x % 3 == 0 then yield(x) end
    end
  end)
end
local pipe = filter(producer(n))
local s3, c3 = 0, 0
while true do
  local x = pipe()
  if x == nil then break end
  s3 = s3 + x
  c3 = c3 + 1
end
local m = math.floor(n / 3)
if c3 ~= m or s3 ~= 3 * m * (m + 1) / 2 then
  error(string.format("coroutines: pipeline %d values summing to %.0f", c3, s3))
end

-- 4. Many short-lived coroutines, each yielding twice.
local s4 = 0
for i = 1, math.floor(n / 10) do
  local c = wrap(function(a) local b = yield(a * 2); return a + b end)
  s4 = s4 + c(i) + c(1)
end
local k = math.floor(n / 10)
if s4 ~= 3 * k * (k + 1) / 2 + k then error(string.format("coroutines: short-lived sum %.0f", s4)) end

print(string.format("ok coroutines n=%d", n))
