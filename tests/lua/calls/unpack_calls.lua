-- table.unpack feeding calls
local args = {1, 2, 3, nil, 5}
local function count(...) return select("#", ...) end
print(count(table.unpack(args)) >= 3)
print(count(table.unpack(args, 1, 5)))
print(table.unpack({1, 2, 3}, 2))
local big = {}
for i = 1, 250 do big[i] = i end
local function sum(...) local s = 0 for i = 1, select("#", ...) do s = s + select(i, ...) end return s end
print(sum(table.unpack(big)))
print(math.max(table.unpack(big)))
local many = {}
for i = 1, 10000 do many[i] = 1 end
print(select("#", table.unpack(many)))
print(pcall(table.unpack, {}, 1, 1e7))
