-- assert returns its arguments and raises its message unchanged
print(assert(true), assert(1, 2, 3))
print(pcall(assert, false, "message"))
print(pcall(assert, nil))
local ok, e = pcall(assert, false, {tag = "table message"})
print(ok, e.tag)
print(pcall(assert, false, 12))
print(pcall(assert, 0 == 1, nil))
print(select("#", pcall(assert, false, nil)))
