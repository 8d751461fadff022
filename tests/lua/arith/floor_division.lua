-- // rounds towards minus infinity, for integers and floats
local pairs_ = {{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {6, 3}, {-6, 3}, {0, 5}, {1, 7}, {-1, 7}}
for _, p in ipairs(pairs_) do
  local a, b = p[1], p[2]
  io.write(a, "//", b, "=", a // b, "  ")
end
print()
for _, p in ipairs(pairs_) do
  local a, b = p[1] + 0.0, p[2]
  io.write(a, "//", b, "=", a // b, "  ")
end
print()
print(7.5 // 2, -7.5 // 2, 7 // 2.5, -7 // 2.5)
print(1 // 0.0, -1 // 0.0, 0.0 // 1, -0.0 // 1)
print(math.type(7 // 2), math.type(7 // 2.0), math.type(7.0 // 2))
print(math.mininteger // -1, math.mininteger // 1)
print(math.maxinteger // -1, math.maxinteger // 2)
print(3 // 0.5, 1e308 // 1e-308)
print(5 // math.huge, -5 // math.huge, 5 // -math.huge)
