-- generator patterns: permutations and producer/consumer
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local function permutations(a)
  return coroutine.wrap(function() permgen(a) end)
end
local out = {}
for p in permutations({"a", "b", "c"}) do out[#out + 1] = table.concat(p) end
print(#out, table.concat(out, " "))
local function producer()
  return coroutine.create(function()
    for _, item in ipairs({"x", "y", "z"}) do coroutine.yield(item) end
  end)
end
local function filter(prod)
  return coroutine.create(function()
    while true do
      local ok, item = coroutine.resume(prod)
      if not item then return end
      coroutine.yield(item:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local ok, v = coroutine.resume(f)
  if not v then break end
  io.write(v, " ")
end
print()
