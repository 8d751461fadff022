-- precedence of arithmetic operators
print(1 + 2 * 3, (1 + 2) * 3)
print(2 * 3 ^ 2, (2 * 3) ^ 2)
print(2 ^ 3 ^ 2, (2 ^ 3) ^ 2)        -- ^ is right associative
print(-2 ^ 2, (-2) ^ 2)              -- unary minus binds looser than ^
print(2 ^ -2, -2 ^ -2)
print(10 - 4 - 3, 10 - (4 - 3))      -- left associative
print(100 / 10 / 5, 100 / (10 / 5))
print(17 // 5 * 2, 17 // (5 * 2))
print(17 % 5 * 2, 17 % (5 * 2))
print(7 - -3, - -3, -(-3))
print(1 + 2 - 3 * 4 / 5 % 6 // 1)
print(not nil == true, not (nil == true))
print(#"abc" + 1, -#"ab")
print(2 ^ 2 ^ 0)
print(-3 % 5, (-3) % 5, -(3 % 5))
print(- 2 ^ - 2)
