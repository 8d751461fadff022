-- a coroutine resuming another that yields; values flow back properly
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local function zip(g1, g2)
  return coroutine.wrap(function()
    while true do
      local a, b = g1(), g2()
      if a == nil or b == nil then return end
      coroutine.yield(a, b)
    end
  end)
end
for a, b in zip(gen(3), gen(5)) do io.write(a, ":", b, " ") end
print()
local co = coroutine.create(function()
  local inner = coroutine.create(function() coroutine.yield("inner yield") return "inner done" end)
  print("outer got", coroutine.resume(inner))
  coroutine.yield("outer yield")
  print("outer got", coroutine.resume(inner))
  print("outer got", coroutine.resume(inner))
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
