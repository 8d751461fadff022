-- goto continue in all loop kinds
local out = {}
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print(table.concat(out, " "))
out = {}
local i = 0
while i < 10 do
  i = i + 1
  if i % 2 == 0 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print(table.concat(out, " "))
out = {}
i = 0
repeat
  i = i + 1
  if i == 2 then goto continue end
  out[#out + 1] = i
  ::continue::
until i >= 4
print(table.concat(out, " "))
out = {}
for k, v in ipairs({"a", "skip", "b"}) do
  if v == "skip" then goto next end
  out[#out + 1] = v
  ::next::
end
print(table.concat(out, " "))
