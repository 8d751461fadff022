-- print calls the global `tostring` for each value (lua5.3's luaB_print): its result may
-- be a string or a number (lua_tolstring converts numbers); anything else is an error.
-- Output is written piece by piece: what came before a failing value is already out
-- (with no newline), as lua5.3 writes each piece with lua_writestring.
local ts = tostring
tostring = function(v) return "<" .. ts(v) .. ">" end
print(1, nil, "x", 2.5)
print()
tostring = function(v) return 5 end
print("a", "b")
tostring = function(v) return 1.5 end
print(true)
tostring = function(v) return -0.0 end
print(false)
tostring = function(v) return math.mininteger end
print(nil)
local function with(f, ...)
  tostring = f
  local r = table.pack(pcall(print, ...))
  tostring = ts
  io.write("|\n")
  print(table.unpack(r, 1, r.n))
end
with(function(v) return {} end, 1)
with(function(v) return nil end)
with(function(v) return nil end, "x")
with(function(v) if v == 2 then return true end return ts(v) end, 1, 2, 3)
with(function(v) if v == 3 then error("third") end return ts(v) end, 1, 2, 3)

-- __tostring results go through the real tostring
local mt = {__tostring = function() return 42 end}
print(setmetatable({}, mt), "after")
print(pcall(print, "p", setmetatable({}, {__tostring = function() return {} end})))
io.write("\n")
print(pcall(print, "q", 7, setmetatable({}, {__tostring = function() error("in ts") end}), "never"))
io.write("\n")
print(select("#", pcall(print, "r", setmetatable({}, {__tostring = function() error({}) end}))))
io.write("\n")

-- tostring removed, or not a function
local saved = tostring
with(nil)
with(nil, 1)
with(5, 1)
tostring = setmetatable({}, {__call = function(self, v) return "called:" .. saved(v) end})
print(1, "two")
tostring = saved

-- a tostring that prints (re-entrant print)
local depth = 0
tostring = function(v)
  depth = depth + 1
  if depth == 1 then print("inner", v) end
  depth = depth - 1
  return saved(v)
end
print("outer", 1)
tostring = saved
print("done")

-- numbers and strings with a __tostring in their (shared) metatable
debug.setmetatable(0, {__tostring = function(n) return "num" end})
print(1, 2.5, "s")
debug.setmetatable(0, nil)
local smt = getmetatable("")
smt.__tostring = function(s) return "str" end
print(1, "s")
smt.__tostring = nil
print(1, "s")
