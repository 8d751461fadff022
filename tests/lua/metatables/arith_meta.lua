-- arithmetic metamethods, operand order and fallback rules
local log = {}
local mt = {}
for _, ev in ipairs({"add", "sub", "mul", "div", "mod", "pow", "unm", "idiv"}) do
  mt["__" .. ev] = function(a, b)
    local function d(x) return type(x) == "table" and x.name or tostring(x) end
    log[#log + 1] = ev .. "(" .. d(a) .. "," .. d(b) .. ")"
    return ev
  end
end
local A = setmetatable({name = "A"}, mt)
local B = setmetatable({name = "B"}, mt)
print(A + B, A - 1, 2 * A, A / "s", A % B, 2 ^ A, -A, A // 3)
print(table.concat(log, " "))
-- only one operand needs the metamethod; left operand's is tried first
local L = setmetatable({}, {__add = function() return "left" end})
local R = setmetatable({}, {__add = function() return "right" end})
print(L + R, R + L, 1 + R, L + 1)
-- a string that does not convert triggers metamethods of the other operand
print("abc" + A)
-- results are not adjusted: a metamethod may return anything
local weird = setmetatable({}, {__add = function() return nil end, __mul = function() return 1, 2 end})
print(weird + 1, weird * 1)
-- number operands with string coercion do not consult metamethods
print("10" + 5)
