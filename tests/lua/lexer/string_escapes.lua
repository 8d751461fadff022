-- single-character escapes
local s = "\a\b\f\n\r\t\v\\\"\'"
print(#s)
for i = 1, #s do io.write(s:byte(i), " ") end
print()
print('single \'quoted\' "inside"')
print("double \"quoted\" 'inside'")
print("tab:\tend")
print("back\\slash")
print(#"\0", #"a\0b", ("a\0b"):byte(2))
print("a\0b" == "a\0b", "a\0b" == "a\0c", "a\0b" < "a\0c")
print('\'' == "'", "\"" == '"')
