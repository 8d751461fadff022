-- bitwise metamethods
local log = {}
local mt = {}
for _, ev in ipairs({"band", "bor", "bxor", "shl", "shr", "bnot"}) do
  mt["__" .. ev] = function(a, b)
    log[#log + 1] = ev
    return ev .. ":" .. (type(a) == "table" and "T" or tostring(a)) .. "," .. (type(b) == "table" and "T" or tostring(b))
  end
end
local T = setmetatable({}, mt)
print(T & 1, 1 | T, T ~ T, T << 2, 3 >> T, ~T)
print(table.concat(log, " "))
-- float operands without integer representation use metamethods too
local F = setmetatable({}, {__band = function(a, b) return "band called" end})
print(F & 1.5, 1.5 & F)
print(pcall(function() return 1.5 & 1 end))
print(pcall(function() return {} & 1 end))
print(pcall(function() return "1.5" | setmetatable({}, {}) end))
-- strings convertible to integers work without metamethods
print("3" & 1, "0x10" >> 4)
