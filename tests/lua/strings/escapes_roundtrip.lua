-- every byte value survives in strings and through %q
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
print(#s, s:byte(1), s:byte(256), s:byte(129))
local q = string.format("%q", s)
local back = load("return " .. q)()
print(back == s, #back)
local samples = {"\n", "\r", "\0", "\"", "\\", "\t", "a\0001", "\r\n", "\1272"}
for _, x in ipairs(samples) do
  io.write(string.format("%q", x), " ")
end
print()
for i = 0, 255 do
  local c = string.char(i)
  assert(load("return " .. string.format("%q", c))() == c)
end
print("all bytes round-trip")
