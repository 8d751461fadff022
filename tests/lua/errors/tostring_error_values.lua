-- errors with non-string values are not given positions
print(pcall(function() error(1) end))
print(pcall(function() error(1.5) end))
print(pcall(function() error(true) end))
local ok, e = pcall(function() error({}) end)
print(ok, type(e))
print(pcall(function() error("s", 1) end))
print(pcall(function() error("s", 2) end))
