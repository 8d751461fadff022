-- metamethods receive the original object, not the table where they were found
local proto = {}
proto.__index = function(t, k) return rawget(t, "name") .. "." .. k end
local a = setmetatable({name = "a"}, proto)
local b = setmetatable({name = "b"}, {__index = a})
print(a.x, b.y)
local setter = {}
setter.__newindex = function(t, k, v) rawset(t, k, v .. " via " .. rawget(t, "id")) end
local obj = setmetatable({id = "obj"}, setter)
obj.field = "val"
print(obj.field)
local inh = setmetatable({id = "child"}, {__newindex = obj})
inh.other = "x"
print(rawget(inh, "other"), rawget(obj, "other"))
