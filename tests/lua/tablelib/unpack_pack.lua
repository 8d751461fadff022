-- table.unpack / table.pack
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({1, 2, 3}, 3, 2))
print(select("#", table.unpack({}, 1, 3)), table.unpack({}, 1, 2))
print(table.unpack({"a", "b"}, -1, 1))
local p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
print(table.pack().n)
print(pcall(table.unpack, {}, 1, 1e8))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(pcall(table.unpack))
local t = {}
for i = 1, 200 do t[i] = i end
print(select("#", table.unpack(t)), select(200, table.unpack(t)))
