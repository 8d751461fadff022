-- identifiers and keywords
local _ = 1
local _x, x_, _1, abc_DEF = 2, 3, 4, 5
print(_, _x, x_, _1, abc_DEF)
local And, OR, Nil, END = 1, 2, 3, 4
print(And, OR, Nil, END)
local t = {}
t["end"] = 1; t["goto"] = 2; t["while"] = 3
print(t["end"], t["goto"], t["while"])
print(load("local goto = 1") == nil)
print(load("local end = 1") == nil)
print(load("local _ENV = {}") ~= nil)
local keywords = {"and", "break", "do", "else", "elseif", "end", "false", "for",
  "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return",
  "then", "true", "until", "while"}
for _, k in ipairs(keywords) do
  local f = load(k .. " = 1")
  io.write(k, "=", tostring(f == nil), " ")
end
print()
local names = {"self", "_ENV", "Goto", "iF", "nil1", "true_"}
for _, k in ipairs(names) do
  local f = load(k .. " = 1")
  io.write(k, "=", tostring(f ~= nil), " ")
end
print()
