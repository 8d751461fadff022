-- table.move (5.3)
local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1)
print(table.concat(a, ","))
local b = {1, 2, 3, 4, 5}
table.move(b, 1, 3, 3)
print(table.concat(b, ","))
local c = table.move({1, 2, 3}, 1, 3, 1, {})
print(table.concat(c, ","))
local d = table.move({1, 2, 3}, 1, 0, 1, {"x"})
print(table.concat(d, ","))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
