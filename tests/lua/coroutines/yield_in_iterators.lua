-- yield inside for-in iterators and __pairs
local function iter(s, i)
  i = i + 1
  if i > 3 then return nil end
  local v = coroutine.yield("iter " .. i)
  return i, v
end
local co = coroutine.wrap(function()
  local out = {}
  for i, v in iter, nil, 0 do out[#out + 1] = i .. "=" .. tostring(v) end
  return table.concat(out, " ")
end)
print(co())
print(co("a"))
print(co("b"))
print(co("c"))
local t = setmetatable({}, {__pairs = function(self)
  coroutine.yield("in __pairs")
  return next, {x = 1}, nil
end})
-- pairs calls __pairs from C without a continuation: yielding there is an error
local co2 = coroutine.create(function() for k, v in pairs(t) do return k, v end end)
print(coroutine.resume(co2))
print(coroutine.status(co2))
-- but the iterator returned by __pairs runs from Lua and may yield
local u = setmetatable({}, {__pairs = function(self)
  return function(_, k) if k == nil then return coroutine.yield("from iterator"), 1 end end, self, nil
end})
local co3 = coroutine.wrap(function() for k, v in pairs(u) do return k, v end end)
print(co3())
print(co3("key"))
