-- arithmetic on strings that fail to convert: metamethod errors name the value
local ok, e = pcall(function() return "abc" + 1 end)
print(ok, e)
local smt = getmetatable("")
smt.__add = function(a, b) return "string add: " .. a .. "+" .. b end
print("abc" + 1, "1" + 1)
smt.__add = nil
smt.__unm = function(s) return "neg " .. s end
print(-"abc", -"2")
smt.__unm = nil
print(pcall(function() return -"abc" end))
