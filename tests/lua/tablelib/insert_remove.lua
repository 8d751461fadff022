-- table.insert / table.remove
local t = {}
table.insert(t, "a")
table.insert(t, "c")
table.insert(t, 2, "b")
table.insert(t, 1, "start")
print(#t, table.concat(t, ","))
print(table.remove(t), #t, table.concat(t, ","))
print(table.remove(t, 1), #t, table.concat(t, ","))
print(table.remove({}), table.remove({}, 0), #{})
print(pcall(table.insert, t, 5, "x"))
print(pcall(table.insert, t, 0, "x"))
print(pcall(table.insert, t, 1, "x", "y"))
print(pcall(table.insert, nil, 1))
local u = {1, 2, 3}
print(table.remove(u, #u + 1), #u)
print(pcall(table.remove, u, 7))
table.insert(u, #u + 1, 4)
print(table.concat(u, ","))
local q = {}
for i = 1, 5 do table.insert(q, i) end
while #q > 0 do io.write(table.remove(q, 1), " ") end
print()
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
