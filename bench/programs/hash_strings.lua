-- hash_strings: hash table with string keys: insert, hit and miss lookups,
-- update, delete, traversal with pairs, keys freshly built by concatenation.
-- Measures: string interning/hashing, hash part insert/lookup/resize, next().
-- Size: number of keys.
-- Quick: 2000  (small size for smoke tests; the default below is the benchmark size)
-- Check: all counts and sums against closed forms.
local n = tonumber(arg and arg[1]) or 300000

local keys = {}
for i = 1, n do keys[i] = "key" .. i end

local t = {}
for i = 1, n do t[keys[i]] = i end

-- Hits through the prebuilt key strings, several passes.
local sum = 0
for _ = 1, 4 do
  for i = 1, n do sum = sum + t[keys[i]] end
end
local expect = 4 * n * (n + 1) / 2
if sum ~= expect then error(string.format("hash_strings: hit sum %.0f, expected %.0f", sum, expect)) end

-- Hits and misses through freshly built strings.
local hits, misses = 0, 0
for i = 1, n do
  if t["key" .. i] then hits = hits + 1 end
  if t["yek" .. i] then misses = misses + 1 end
end
if hits ~= n or misses ~= 0 then error("hash_strings: fresh lookups " .. hits .. "/" .. misses) end

-- Update in place, then delete every third key.
for i = 1, n do local k = keys[i]; t[k] = t[k] * 2 end
local deleted = 0
for i = 3, n, 3 do t[keys[i]] = nil; deleted = deleted + 1 end

-- Traverse what is left.
local count, vsum = 0, 0
for k, v in pairs(t) do
  count = count + 1
  vsum = vsum + v
  if #k < 4 then error("hash_strings: bad key " .. k) end
end
local m = math.floor(n / 3)
local expect_sum = 2 * (n * (n + 1) / 2 - 3 * m * (m + 1) / 2)
if count ~= n - deleted or vsum ~= expect_sum then
  error(string.format("hash_strings: %d keys summing to %.0f, expected %d and %.0f",
    count, vsum, n - deleted, expect_sum))
end
print(string.format("ok hash_strings n=%d remaining=%d", n, count))
