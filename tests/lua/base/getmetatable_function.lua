-- getmetatable on various values
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
print(getmetatable("").__index == string)
local mt = {}
print(getmetatable(setmetatable({}, mt)) == mt)
print(getmetatable(setmetatable({}, {__metatable = "protected"})))
print(pcall(getmetatable))
