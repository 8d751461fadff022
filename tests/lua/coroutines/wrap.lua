-- coroutine.wrap returns a function; errors propagate to the caller
local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i) end
  return "end"
end)
print(gen(3), gen(), gen(), gen())
print(pcall(gen))
local w = coroutine.wrap(function() error("inside wrap") end)
print(pcall(w))
local w2 = coroutine.wrap(function() error({code = 1}) end)
local ok, e = pcall(w2)
print(ok, type(e), e.code)
local w3 = coroutine.wrap(function() local x = nil; return x.field end)
print(pcall(w3))
local w4 = coroutine.wrap(function(...) return select("#", ...), ... end)
print(w4(1, nil, 3))
local w5 = coroutine.wrap(function() error("no position", 0) end)
print(pcall(w5))
