-- __pairs customises pairs(); next() ignores it
local t = setmetatable({real = 1}, {__pairs = function(self)
  local keys = {"a", "b", "c"}
  local i = 0
  return function() i = i + 1; if keys[i] then return keys[i], i end end, self, nil
end})
for k, v in pairs(t) do io.write(k, "=", v, " ") end
print()
print(next(t))
-- __pairs may return extra values, only three are used
local u = setmetatable({}, {__pairs = function(self) return next, {x = 1}, nil, "extra" end})
for k, v in pairs(u) do print(k, v) end
-- __pairs that is not a function
print(pcall(pairs, setmetatable({}, {__pairs = 5})))
