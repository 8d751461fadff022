-- errors in tostring / __name / print
local t = setmetatable({}, {__tostring = function() return nil end})
print(pcall(print, t))
print(pcall(tostring, t))
print(pcall(string.format, "%s", t))
local ok, e = pcall(string.format, "%d", setmetatable({}, {__name = "Thing"}))
print(ok, e)
