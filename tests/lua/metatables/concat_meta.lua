-- __concat
local mt = {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "[" .. x.v .. "]" or tostring(x) end
  return setmetatable({v = s(a) .. s(b)}, getmetatable(type(a) == "table" and a or b))
end}
local A = setmetatable({v = "A"}, mt)
print((A .. "x").v, ("x" .. A).v, (A .. A).v, (1 .. A).v)
print(("a" .. "b" .. A).v)
print(("a" .. A .. "b").v)
print((A .. "b" .. "c").v)
local plain = setmetatable({}, {__concat = function(a, b) return "plain" end})
print(plain .. 1, 1 .. plain, plain .. nil, true .. plain)
print(pcall(function() return {} .. "x" end))
print(pcall(function() return "x" .. {} .. "y" end))
local n = setmetatable({}, {__concat = function(a, b) return 42 end})
print(n .. "x", math.type(n .. "x"))
