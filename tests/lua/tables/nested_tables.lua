-- nested structures, deep paths
local root = {}
local cur = root
for i = 1, 100 do cur.next = {depth = i}; cur = cur.next end
local n, node = 0, root.next
while node do n = n + 1; node = node.next end
print(n)
local grid = {}
for i = 1, 5 do grid[i] = {} for j = 1, 5 do grid[i][j] = i * j end end
print(grid[3][4], grid[5][5], #grid, #grid[1])
local sum = 0
for i = 1, 5 do for j = 1, 5 do sum = sum + grid[i][j] end end
print(sum)
local tree = {v = 1, {v = 2, {v = 4}, {v = 5}}, {v = 3}}
local function total(t) local s = t.v for _, c in ipairs(t) do s = s + total(c) end return s end
print(total(tree))
