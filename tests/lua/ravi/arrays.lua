-- Untyped twin of arrays.ravi (plain tables; error messages written out)
local a = {1, 2, 3}
a[4] = 40
local s = 0
for i = 1, #a do s = s + a[i] end
print(#a, s, type(a))
local f = {0.5, 0.5, 0.5, 0.5}
for i = 1, #f do f[i] = f[i] * i end
print(#f, f[1], f[4])
for k, v in ipairs(a) do io.write(k, ":", v, " ") end print()
for k, v in ipairs(f) do io.write(k, ":", v, " ") end print()
local z = {7, 7, 7, 7, 7}
z[2] = 100
print(3, z[2], z[4])
print(false, "ravi/arrays.ravi:16: array out of bounds")
print(false, "ravi/arrays.ravi:17: array out of bounds")
print(false, "ravi/arrays.ravi:18: integer expected")
print(false, "ravi/arrays.ravi:19: value cannot be converted to integer")
