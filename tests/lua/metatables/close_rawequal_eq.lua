-- __eq with values from different metatables, nil results, and ~=
local count = 0
local function eq(a, b) count = count + 1; return true end
local a = setmetatable({}, {__eq = eq})
local b = setmetatable({}, {__eq = eq})
local c = setmetatable({}, {})
print(a == b, a ~= b, a == c, c == a, count)
local t = {}
for i = 1, 3 do t[i] = setmetatable({}, {__eq = function() return true end}) end
print(t[1] == t[2], t[2] == t[3])
