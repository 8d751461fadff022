-- counter generators
local function counter(start, step)
  local c = start or 0
  step = step or 1
  return function() c = c + step; return c end
end
local a, b = counter(), counter(10, 5)
print(a(), a(), a(), b(), b())
local counters = {}
for i = 1, 5 do counters[i] = counter(i * 100) end
for i = 1, 5 do counters[i]() end
local out = {}
for i = 1, 5 do out[i] = counters[i]() end
print(table.concat(out, " "))
local function memo(f)
  local cache, hits = {}, 0
  return function(x)
    if cache[x] then hits = hits + 1; return cache[x] end
    local v = f(x); cache[x] = v; return v
  end, function() return hits end
end
local sq, hits = memo(function(x) return x * x end)
print(sq(4), sq(4), sq(5), sq(4), hits())
