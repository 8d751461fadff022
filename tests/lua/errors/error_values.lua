-- error() accepts any value; pcall returns it unchanged
local t = {code = 42}
local ok, e = pcall(error, t)
print(ok, e == t, e.code)
print(pcall(error, nil))
print(pcall(error, 42))
print(pcall(error, 4.5))
print(pcall(error, true))
print(pcall(error))
local f = function() end
local ok2, e2 = pcall(error, f)
print(ok2, e2 == f)
print(pcall(error, "msg", 0))
print(pcall(function() error("with position") end))
print(pcall(function() error("no position", 0) end))
print(pcall(function() error({}) end) == false)
print(pcall(function() error(setmetatable({}, {__tostring = function() return "custom" end})) end))
print(select("#", pcall(error)))
