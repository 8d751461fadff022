-- invalid assignment targets
local cases = {
  "x + 1 = 2", "f() = 1", "x, f() = 1, 2", "(x) = 1", "x.y() = 1",
  "'s' = 1", "1 = 2", "x, 1 = 1, 2", "a.b:c = 1", "local a.b = 1", "local a[1] = 1",
  "x, = 1", "x = ", "local x, = 1", "... = 1", "t[1] + 1",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
print(load("(x).y = 1") ~= nil, load("x.y.z = 1") ~= nil, load("x[1][2] = 3") ~= nil)
print(load("f().x = 1") ~= nil, load("f:m().x, y = 1") ~= nil)
