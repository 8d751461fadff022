-- expected-token messages
local cases = {
  "if x print(1) end", "while x print(1) end", "for i = 1, 2 print(i) end",
  "for i in x print(i) end", "for 1 = 1, 2 do end", "for i do end", "for i = 1 do end",
  "for a.b = 1, 2 do end", "for i, j = 1, 2 do end", "local function (x) end",
  "function (x) end", "x = (1 + 2", "x = f(1, 2", "x = {1, 2", "x = t[1",
  "x = t.", "x = t:m", "x = t:m.x()", "goto", "goto 1", "::a", "::1::",
  "function f(a, 1) end", "function f(a,) end", "function f(... , a) end",
  "function a:b:c() end", "local function a.b() end", "x = (1 + 2\n\n)",
  "x = f(1,\n2,\n3", "x = {\n1,\n2", "local x <const> = 1", "return 1 2",
  "local t = {[1] 2}", "local t = {x = }",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
