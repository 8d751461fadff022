-- comparison of numbers with other types raises errors naming both types
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() return 1 < "x" end)
try(function() return "x" < 1 end)
try(function() return 1 <= nil end)
try(function() return {} < 1 end)
try(function() return 1 > true end)
try(function() return print < print end)
try(function() return 1 >= {} end)
try(function() return "a" > {} end)
print(1 == "1", 1 ~= "1", {} == 1)
