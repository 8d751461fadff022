-- select in the base library
print(select(1, "a", "b"), select(2, "a", "b"), select(3, "a", "b"))
print(select(-1, 1, 2, 3), select(-2, 1, 2, 3))
print(select("#"), select("#", nil, nil, nil))
print(pcall(select, "x", 1))
print(pcall(select, -5, 1))
print(select("2", "a", "b"))
