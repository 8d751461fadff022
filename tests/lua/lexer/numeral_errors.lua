-- malformed numbers
local cases = {"x = 3x", "x = 0x", "x = 1e", "x = 3..2", "x = 1.2.3", "x = 0xg",
  "x = 1e+", "x = 08a", "x = .e1", "x = 0x1p", "x = 1__2", "x = 12abc"}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(src, f, err)
end
print(load("return 0x1P+4")())
print(load("return 3 .. 2")())
