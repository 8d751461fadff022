-- long-running integer and float loops
local s = 0
for i = 1, 3000000 do s = s + i end
print(s)
local f = 0.0
for i = 1, 1000000 do f = f + 0.5 end
print(f)
local c = 0
for i = 3000000, 1, -3 do c = c + 1 end
print(c)
local x = 0
for i = 0.0, 100000, 0.5 do x = x + 1 end
print(x)
