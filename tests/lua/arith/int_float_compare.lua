-- comparisons between integers and floats are exact
local maxi, mini = math.maxinteger, math.mininteger
print(maxi < 2^63, maxi <= 2^63, maxi == 2^63, maxi + 0.0 == 2^63)
print(mini == -2^63, mini < -2^63, mini <= -2^63)
print(2^53 == 2^53 + 1, (1 << 53) + 1 == 2^53, (1 << 53) + 1 > 2^53)
print(maxi < math.huge, mini > -math.huge)
print(1 == 1.0, 1 < 1.5, 2 > 1.5, -1 < -0.5)
print(0 == -0.0, 0 < -0.0, 0 <= -0.0)
local nan = 0 / 0
print(1 < nan, 1 > nan, 1 == nan, nan ~= nan, 1 <= nan, maxi < nan)
print((1 << 62) + 1 == 2^62 + 1.0, (1 << 62) == 2^62)
print(9007199254740993 < 9007199254740992.0)
print(9007199254740993 > 9007199254740992.0)
print(-9007199254740993 < -9007199254740992.0)
print(maxi - 1 < maxi + 0.0, maxi == maxi + 0.0)
local t = {}
t[1] = "int"; t[1.0] = "float overwrites"
t[2^53] = "big"
print(t[1], t[2^53 | 0])
print(math.ult(1, -1), math.ult(-1, 1), math.ult(maxi, mini))
