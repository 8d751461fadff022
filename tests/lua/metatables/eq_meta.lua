-- __eq is only consulted for two tables (or two userdata) that are not raw-equal
local calls = 0
local mt = {__eq = function(a, b) calls = calls + 1; return a.v == b.v end}
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 1}, mt)
local c = setmetatable({v = 2}, mt)
print(a == b, a == c, a ~= b, a ~= c, calls)
print(a == a, calls)              -- raw equal: no call
print(a == 1, 1 == a, a == "x", calls)   -- different types: no call
-- only one operand needs __eq (first operand tried first)
local plain = {v = 1}
print(a == plain, plain == a, calls)
-- result is converted to boolean
local truthy = setmetatable({}, {__eq = function() return "yes" end})
local other = setmetatable({}, {__eq = function() return nil end})
print(truthy == {}, other == {}, {} == truthy)
-- different __eq functions: the first operand's wins
local m1 = setmetatable({}, {__eq = function() return true end})
local m2 = setmetatable({}, {__eq = function() return false end})
print(m1 == m2, m2 == m1)
-- rawequal ignores __eq
print(rawequal(a, b))
-- __eq in table keys is not used
local t = {[a] = "a"}
print(t[b])
