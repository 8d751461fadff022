-- how the offending token is shown after "near"
local cases = {
  "x = 1 2", "x = 1 2.5", "x = 1 'str'", "x = 1 [[long]]", "x = 1 name",
  "x = 1 ...", "x = 1 ==", "x = 1 ::", "x = 1 end", "x = 1 nil", "x = 1 true",
  "x = 1 {", "x = 1 0x10", "x = 1 \"a\\nb\"", "x = 1 ~=", "x = 1 //", "x = 1 >>",
  "x = 1 1e10", "x = 1 (", "x = 1 #", "x = 1 .. ..", "x = 1 'a\\0b'",
  "x = 1 " .. string.rep("n", 80),
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
