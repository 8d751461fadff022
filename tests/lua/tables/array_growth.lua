-- many insertions, negative and zero indices, sparse arrays
local t = {}
for i = 1, 10000 do t[i] = i end
print(#t, t[5000])
local s = 0
for i = 1, #t do s = s + t[i] end
print(s)
local r = {}
for i = 10000, 1, -1 do r[i] = i end
print(#r, r[1])
local z = {}
z[0] = 0; z[-1] = -1
print(#z, z[0], z[-1])
local sparse = {}
sparse[1000000] = 1
print(sparse[1000000], #sparse == 0 or #sparse == 1000000)
local m = {}
for i = 1, 1000 do m[i * 2] = i end
print(m[2000], m[1999])
local h = {}
for i = 1, 1000 do h["key" .. i] = i end
for i = 1, 1000, 2 do h["key" .. i] = nil end
local c = 0
for _ in pairs(h) do c = c + 1 end
print(c)
