-- errors raised inside metamethods propagate with their own positions
local mt = {
  __index = function(t, k) error("no field " .. k) end,
  __add = function(a, b) error("cannot add", 2) end,
  __tostring = function() error("tostring failed") end,
}
local obj = setmetatable({}, mt)
print(pcall(function() return obj.foo end))
print(pcall(function() return obj + 1 end))
print(pcall(tostring, obj))
print(pcall(function() return obj.x.y end))
