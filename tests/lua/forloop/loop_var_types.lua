-- the type of the loop variable follows the loop kind
local types = {}
for i = 1, 2 do types[#types + 1] = math.type(i) end
for i = 1.0, 2 do types[#types + 1] = math.type(i) end
for i = 1, 2, 1 do types[#types + 1] = math.type(i) end
for i = 1, 2.0 do types[#types + 1] = math.type(i) end
print(table.concat(types, " "))
for i = 3, 3.9 do print(i, math.type(i)) end
for i = 3, 3 * 1.0 do print(i, math.type(i)) end
