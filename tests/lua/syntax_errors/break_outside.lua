-- break outside a loop
local cases = {
  "break",
  "do break end",
  "if x then break end",
  "function f() break end",
  "\n\nbreak",
  "while true do local function f() break end end",
  "for i = 1, 2 do end break",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
print(load("while true do break end") ~= nil)
print(load("repeat do break end until true") ~= nil)
print(load("for i = 1, 2 do if i then break end end") ~= nil)
print(load("while true do break; end") ~= nil)
print(load("while true do break print(1) end") ~= nil)
