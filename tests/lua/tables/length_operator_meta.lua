-- # on tables with and without __len
local t = setmetatable({1, 2, 3}, {__len = function(self) return 42 end})
print(#t, rawlen(t))
local u = setmetatable({}, {__len = function() return "not a number" end})
print(#u)
local v = setmetatable({1}, {__len = function(a, b) return select("#", a, b) end})
print(#v)
print(rawlen({1, 2}), rawlen("abc"))
print(pcall(rawlen, 5))
