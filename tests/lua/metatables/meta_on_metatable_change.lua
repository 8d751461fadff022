-- metamethods are looked up at the time of the operation
local mt = {}
local t = setmetatable({}, mt)
print(pcall(function() return t + 1 end))
mt.__add = function() return "added" end
print(t + 1)
mt.__add = nil
print(pcall(function() return t + 1 end))
mt.__index = {x = "now indexable"}
print(t.x)
setmetatable(t, {__index = {x = "replaced"}})
print(t.x)
-- metamethods in the metatable's own metatable do not count
local mt2 = setmetatable({}, {__index = {__add = function() return "inherited" end}})
local u = setmetatable({}, mt2)
print(pcall(function() return u + 1 end))
print(mt2.__add ~= nil)
