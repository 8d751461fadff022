-- misc statement-level syntax errors
local cases = {
  "until x", "end", "else", "then", "in", "do end end", "if x then end end",
  "return 1 end", "local", "local function", "local x =", "x y", "x.y z",
  "x = 1 local = 2", "elseif x then end", "for in x do end", "repeat until",
  "while do end", "if then end", "goto = 1", "do ::l:: goto l end end",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
