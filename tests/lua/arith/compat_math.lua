-- Debian's lua5.3 is built with 5.2 compatibility: math.pow and friends exist
print(type(math.pow), type(math.ldexp), type(math.frexp), type(math.cosh), type(math.log10))
print(math.pow(2, 10), math.ldexp(1, 4), math.frexp(8))
print(math.cosh(0), math.sinh(0), math.tanh(0), math.log10(1000))
print(type(bit32), bit32 and bit32.band(0xff, 0x0f), bit32 and bit32.bnot(0))
print(bit32 and bit32.lshift(1, 31), bit32 and bit32.rshift(-1, 28))
print(type(unpack), type(table.unpack), type(loadstring), type(table.maxn))
print(type(string.len), type(math.atan2))
