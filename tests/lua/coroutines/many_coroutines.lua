-- many live coroutines at once
local cos = {}
for i = 1, 1000 do
  cos[i] = coroutine.create(function(a)
    local s = a
    while true do s = s + coroutine.yield(s) end
  end)
end
local total = 0
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i) total = total + v end
for round = 1, 5 do
  for i = 1, 1000 do local _, v = coroutine.resume(cos[i], 1) if round == 5 then total = total + v end end
end
print(total)
local finished = 0
for i = 1, 10000 do
  local co = coroutine.wrap(function() return i end)
  finished = finished + co()
end
print(finished)
