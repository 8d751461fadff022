-- .. is right associative and binds looser than arithmetic
print("a" .. "b" .. "c")
print(1 .. 2, 1 + 2 .. 3 + 4)
print("x" .. 2 * 3 .. "y")
print("n=" .. 10 // 3 .. "," .. 10 % 3)
print(("a" .. "b") == "ab" and "eq" or "ne")
print("a" .. "b" == "ab")           -- .. binds tighter than ==
print(2 ^ 2 .. "")
print("v" .. -1)
print(#("abc" .. "de"), #"abc" .. "de")
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return setmetatable({v = "(" .. x .. "+" .. y .. ")"}, getmetatable(type(a) == "table" and a or b))
end}
local A = setmetatable({v = "A"}, mt)
local B = setmetatable({v = "B"}, mt)
print((A .. B .. "c").v)            -- right assoc: A .. (B .. "c")
print(("a" .. A .. "b").v)
