-- "unexpected symbol" and "syntax error" messages from load
local cases = {"x = ", "x = )", "local 1", "f(", "return return", "x = }",
  "x = 1 +", "(1)", "x = = 1", "x = 1 2", "x = ,", "print(1,)", "a = b = c",
  "x = function", "t = {", "x = ]", "local = 1", "x = ..", "1", "'s'", "nil = 1",
  "local x = 1 local", "::", "@", "$x = 1", "x = 1 !", "x = `a`", "x = a..", "elseif"}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
