-- operations on long strings (> 40 bytes, not interned)
local a = string.rep("x", 100)
local b = string.rep("x", 99) .. "x"
print(a == b, #a, a < b .. "y", (a .. "1") ~= (a .. "2"))
local t = {[a] = "found"}
print(t[b])
local parts = {}
for i = 1, 1000 do parts[i] = "line " .. i end
local text = table.concat(parts, "\n")
print(#text, text:sub(1, 6), text:sub(-8))
local h = {}
for i = 1, 50 do h[string.rep("k", 40 + i)] = i end
local sum = 0
for i = 1, 50 do sum = sum + h[string.rep("k", 40 + i)] end
print(sum)
