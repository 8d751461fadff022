-- PUC quirk: when a __concat result is concatenated again without a metamethod,
-- the error names the register that held the original operand
local mt = {__concat = function(a, b) return {} end}
local A = setmetatable({}, mt)
print(pcall(function() return "a" .. A .. "b" end))
print(pcall(function() local r = A .. "b"; return "a" .. r end))
