-- finalizers of objects collected in the same cycle run in reverse order of marking
local order = {}
local objs = {}
for _, name in ipairs({"a", "b", "c", "d"}) do
  objs[#objs + 1] = setmetatable({}, {__gc = function() order[#order + 1] = name end})
end
objs = nil
collectgarbage()
print(table.concat(order, ","))
order = {}
local x = setmetatable({}, {__gc = function() order[#order + 1] = "x" end})
local y = setmetatable({}, {__gc = function() order[#order + 1] = "y" end})
y = nil
collectgarbage()
x = nil
collectgarbage()
print(table.concat(order, ","))
