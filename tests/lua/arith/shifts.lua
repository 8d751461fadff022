-- shifts are logical; shifting by >= 64 gives 0; negative shifts reverse
for _, n in ipairs({0, 1, 2, 31, 32, 62, 63, 64, 65, -1, -63, -64}) do
  io.write(n, ":", 1 << n, ",", (-1) >> n, " ")
end
print()
print(0x80000000 >> 31, 0x8000000000000000 >> 63, math.mininteger >> 1)
print(-8 >> 1, -8 // 2)
print(1.0 << 2, "2" << 1, 1 << 2.0)
print(pcall(function() return 1 << 1.5 end))
print(0xFF << 56, (0xFF << 56) >> 56)
