-- result types of the arithmetic operators
local function show(...) local t = {} for i = 1, select("#", ...) do local v = select(i, ...) t[#t + 1] = math.type(v) .. ":" .. tostring(v) end print(table.concat(t, " ")) end
show(1 + 2, 1 + 2.0, 1.0 + 2)
show(3 - 1, 3 - 1.0)
show(2 * 3, 2 * 3.0)
show(6 / 3, 7 / 2, 6.0 / 3)
show(7 // 2, 7.0 // 2, 7 // 2.0)
show(7 % 2, 7.0 % 2)
show(2 ^ 2, 2 ^ 0.5, 4 ^ -1)
show(-3, -3.0, - -3)
show(1 & 3, 1.0 & 3, 1 | 2.0)
