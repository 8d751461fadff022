-- hexadecimal integer literals (wrap around modulo 2^64 as in Lua 5.3)
print(0xff, 0XFF, 0xA, 0Xa, 0x0)
print(0x7fffffffffffffff, math.type(0x7fffffffffffffff))
print(0xffffffffffffffff)           -- wraps to -1
print(0x8000000000000000)           -- math.mininteger
print(0x10000000000000000)          -- wraps to 0
print(0x1ffffffffffffffff)          -- wraps to -1
print(0xDEADbeef, 0xcafe)
print(math.type(0x10), math.type(0x10p0), math.type(0x1.0))
print(0x7fffffffffffffff + 1 == math.mininteger)
print(-0x1, - 0x1 == -1)
local t = {0x1, 0x2, 0x3}
print(#t, t[0x2])
print(0x00000000000000000000000000001)
print(0xabcdefABCDEF)
