-- bitwise operator precedence: | < ~ < & < shift < .. < + -
print(1 | 2 ~ 3 & 4)             -- 1 | (2 ~ (3 & 4))
print((1 | 2) ~ 3 & 4)
print(1 << 2 + 1)                -- shift binds looser than +
print(1 << 2 | 1)
print(0xF0 & 0x3C | 0x01)
print(5 ~ 3 | 8, 5 ~ (3 | 8))
print(~0, ~~5, ~-1, -~0)
print(2 ^ 2 | 0)
print(1 | 2 == 3)                -- comparison looser than |
print(3 & 5 < 2)
print("3" .. 1 << 1)             -- "31" << 1
print(1 << 63, 1 << 64, -1 >> 1)
print(6 & 3 ~ 1)
