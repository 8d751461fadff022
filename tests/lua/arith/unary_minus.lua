-- unary minus on integers, floats, strings, and with metamethods
print(-1, -1.5, -(-1), -0, -0.0, -(0.0))
print(-math.mininteger == math.mininteger, -math.maxinteger)
print(-"2", -"2.5", -"0x10", math.type(-"2"), math.type(-"2.0"))
print(pcall(function() return -{} end))
print(pcall(function() return -"abc" end))
print(pcall(function() local b = true return -b end))
local mt = {__unm = function(a) return "negated " .. a.v end}
print(-setmetatable({v = "x"}, mt))
print(- - -1, -(2^63) == math.mininteger)
local x = 5
print(-x ^ 2, (-x) ^ 2, -x * 2)
