-- many labels and gotos in one function
local src = {"local n = 0"}
for i = 1, 150 do
  src[#src + 1] = ("goto l%d; n = n + 1000; ::l%d:: n = n + 1"):format(i, i)
end
src[#src + 1] = "return n"
print(load(table.concat(src, "\n"))())
