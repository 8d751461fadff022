-- integer arithmetic wraps around modulo 2^64
local max, min = math.maxinteger, math.mininteger
print(max, min)
print(max + 1 == min, min - 1 == max)
print(max * 2, min * 2, max * max)
print(-min == min, -max)
print(min // -1, min % -1)
print(max + max, min + min)
print(1 << 62, (1 << 62) * 2, (1 << 62) * 4)
print(math.type(max + 1), math.type(max + 1.0))
print(max + 1.0, min - 1.0)
local x = 1
for i = 1, 64 do x = x * 2 end
print(x)
local f = 1
for i = 1, 25 do f = f * i end
print(f)
print(0x7fffffffffffffff * 3)
print(-(-9223372036854775807 - 1))
print(math.abs(min), math.abs(max))
