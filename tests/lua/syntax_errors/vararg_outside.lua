-- '...' only inside vararg functions
local cases = {
  "function f() return ... end",
  "local function f(a) local x = ... end",
  "function f() return function(...) end, ... end",
  "local f = function(a, b) print(...) end",
  "function f(...) return function() return ... end end",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
print(load("return ...") ~= nil)
print(load("return ...")(1, 2, 3))
print(load("local a, b = ... return b")(1, 2))
print(select("#", load("return ...")()))
