-- table.concat's error for a value that is neither a string nor a number: lua5.3 formats
-- the index with lua_pushfstring's "%d", which reads a C int, so an index beyond 32 bits
-- shows its low 32 bits as a signed number.
local function try(...)
  local ok, e = pcall(table.concat, ...)
  print(ok, e)
end
try({1, 2, {}})
try({1, true, 3})
try({1, nil, 3}, ",", 1, 3)
try({print})
try({}, ",", 1, 1)
try({}, ",", 0, 0)
try({}, ",", -1, -1)
try({}, ",", 2^31 - 1, 2^31 - 1)
try({}, ",", 2^31, 2^31)
try({}, ",", 2^32, 2^32)
try({}, ",", 2^32 + 5, 2^32 + 5)
try({}, ",", 2^33 - 1, 2^33 - 1)
try({}, ",", math.maxinteger - 1, math.maxinteger)
try({}, ",", math.maxinteger, math.maxinteger)
try({}, ",", math.mininteger, math.mininteger)
try({}, ",", math.mininteger + 3, math.mininteger + 3)
try({}, ",", -2^31 - 1, -2^31 - 1)

-- big indices that hold values
local t = {[2^32] = "a", [2^32 + 1] = "b", [2^32 + 2] = {}}
try(t, "-", 2^32, 2^32 + 1)
try(t, "-", 2^32, 2^32 + 2)

-- __index supplies the values (lua_geti honours metamethods)
local m = setmetatable({}, {__index = function(_, i) if i < 3 then return i * 1.5 end return coroutine.create(print) end})
try(m, " ", 1, 2)
try(m, " ", 1, 3)

-- valid mixes
print(table.concat({1, 2.5, "x", -0.0, 2^63, math.mininteger}, "|"))
print(table.concat({}, "x", 5, 4), table.concat({"a"}, "x", 1, 1))
print(pcall(table.concat, {1, 2}, {}))
print(pcall(table.concat, {1, 2}, ",", "a"))
print(pcall(table.concat, {1, 2}, ",", 1, 2.5))
