-- numeric for: integer and float loops, steps, empty ranges
for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 10, 3 do io.write(i, " ") end print()
for i = 1, 0 do io.write("never") end print("empty")
for i = 1.0, 2 do io.write(i, " ") end print()
for i = 1, 2, 0.5 do io.write(i, " ") end print()
for i = 0.1, 0.35, 0.1 do io.write(string.format("%.1f", i), " ") end print()
for i = 1, 3 do local i = i * 10; io.write(i, " ") end print()
local n = 0
for i = 1, 5 do n = n + i end
print(n)
-- the loop variable is a copy: changing it does not affect iteration
for i = 1, 3 do io.write(i, " "); i = i + 10 end print()
-- limit and step evaluated once
local lim = 3
for i = 1, lim do lim = 10; io.write(i, " ") end print()
print(math.type((function() for i = 1, 1 do return i end end)()))
print(math.type((function() for i = 1.0, 1 do return i end end)()))
print(math.type((function() for i = 1, 1, 1.0 do return i end end)()))
for i = -3, -1 do io.write(i, " ") end print()
for i = 5, 1, -2 do io.write(i, " ") end print()
