-- malformed expressions
local cases = {
  "x = 1 ++ 2", "x = not", "x = #", "x = 1 == == 2", "x = - ", "x = ~",
  "x = 1 and", "x = or 1", "x = 1 < < 2", "x = () ", "x = (1,2)",
  "x = a.1", "x = a:1()", "x = a[]", "x = {} ()", "x = 1 .. ", "x = ^2",
  "x = 1 * / 2", "x = 2 ^^ 3", "x = function() end ()",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
print(load("x = ({})") ~= nil, load("x = (f)()") ~= nil, load("x = - - - 1") ~= nil)
