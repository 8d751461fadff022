-- sieve: sieve of Eratosthenes up to 100000, repeated.
-- Measures: integer array writes and reads, strided numeric for loops,
-- table creation with a large array part.
-- Size: number of repetitions.
-- Quick: 1  (small size for smoke tests; the default below is the benchmark size)
-- Check: pi(100000) = 9592 and the sum of those primes is 454396537.
local n = tonumber(arg and arg[1]) or 400
local LIMIT = 100000

local function sieve(limit)
  local flags = {}
  for i = 1, limit do flags[i] = 1 end
  flags[1] = 0
  local count, sum = 0, 0
  for i = 2, limit do
    if flags[i] == 1 then
      count = count + 1
      sum = sum + i
      for k = i * i, limit, i do flags[k] = 0 end
    end
  end
  return count, sum
end

for _ = 1, n do
  local count, sum = sieve(LIMIT)
  if count ~= 9592 or sum ~= 454396537 then
    error(string.format("sieve: got %d primes summing to %d", count, sum))
  end
end
print(string.format("ok sieve n=%d primes=9592", n))
