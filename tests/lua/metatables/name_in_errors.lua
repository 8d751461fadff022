-- __name appears in error messages from argument checks
local obj = setmetatable({}, {__name = "Widget"})
print(pcall(string.rep, obj))
print(pcall(math.floor, obj))
print(pcall(string.char, obj))
print(pcall(ipairs))
print(pcall(setmetatable, obj))
local plain = {}
print(pcall(string.rep, plain))
print(pcall(function() return obj + 1 end))
print(pcall(function() return #obj end))
print(pcall(function() return obj() end))
