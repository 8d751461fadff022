-- string.rep with and without separators
print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1))
print(string.rep("", 100) == "", string.rep("a", 1, "SEP"), string.rep("a", 2, ""))
print(#string.rep("abc", 1000), #string.rep("a", 10, "bb"))
print(pcall(string.rep))
print(pcall(string.rep, "x"))
print(string.rep(5, 3), string.rep("x", "3"))
print(pcall(string.rep, "x", 1e10))
