-- do blocks and lexical scope
local x = 1
do
  local x = 2
  print(x)
  do local x = 3; print(x) end
  print(x)
end
print(x)
local a = 10
local a = a + 1     -- new local sees the old one in its initializer
print(a)
local function f()
  local v = "inner"
  return function() return v end
end
print(f()())
-- local without initializer is nil
local u
print(u)
-- shadowing a global
print(type(print))
do local print = 5; _ENV.print(print) end
-- semicolons are empty statements
;;; do ; end ;
print("after empties")
-- a chain of nested blocks
local depth = 0
do do do do depth = 4 end end end end
print(depth)
