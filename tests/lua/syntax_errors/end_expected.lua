-- 'end' expected (to close ... at line N) messages
local cases = {
  "function f()",
  "local function f() return 1",
  "if x then",
  "if x then else",
  "if x then elseif y then",
  "while true do",
  "do",
  "for i = 1, 2 do",
  "for k, v in pairs(t) do",
  "x = function() ",
  "function f()\n\n  if x then\n    y = 1\n  end\n",
  "do\n  do\n    x = 1\n  end\n\n",
  "function f()\n  return 1\nx = 2\n",
  "if a then\n  b()\nelse\n  c()\n",
  "repeat x = 1",
  "repeat\n  x = 1\n\n",
  "f = function() end end",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
