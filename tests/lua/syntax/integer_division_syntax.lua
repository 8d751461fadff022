-- // and the bitwise operators are tokens in 5.3; // is not a comment
local a = 7 // 2
print(a)
local b = 7 //2
print(b)
print(7 // 2 // 2)
print(7.0 // 2, -7 // 2, 7 // -2)
print(1 ~ 2, 1 ~= 2)
print(~ 0)
print(1 >> 1, 1 << 1, 2 >> 1 << 1)
print(3 & 2 | 4 ~ 1)
