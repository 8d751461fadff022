-- loops that run zero times or exactly once
local n = 0
for i = 1, 0 do n = n + 1 end
for i = 0, 1, -1 do n = n + 1 end
for i = 1.5, 1 do n = n + 1 end
for i = 5, 4, 1 do n = n + 1 end
print(n)
for i = 7, 7 do print("once", i) end
for i = 7, 7, -1 do print("once down", i) end
for i = 7.0, 7.0 do print("once float", i) end
for i = 1, 1.9 do print("once with float limit", i) end
