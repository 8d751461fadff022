-- float loops: any float among init/limit/step makes a float loop
for i = 1, 3, 1.0 do io.write(math.type(i), ":", tostring(i), " ") end print()
for i = 1.0, 3 do io.write(tostring(i), " ") end print()
for i = 1, 2.5 do io.write(tostring(i), " ") end print()    -- integer loop, limit floored
for i = 0.5, 2 do io.write(tostring(i), " ") end print()
for i = 1, 0, -0.25 do io.write(tostring(i), " ") end print()
for i = 3, 1.5, -1 do io.write(tostring(i), " ") end print()  -- limit ceiled for negative step
local n = 0
for i = 0, 1, 0.1 do n = n + 1 end
print(n)
for i = -1, -3, -1 do io.write(tostring(i), " ") end print()
for i = 1, math.huge do if i > 3 then break end io.write(tostring(i), " ") end print()
for i = 1, -math.huge do io.write("never") end print("empty")
for i = 1.0, math.huge, 2^52 do if i > 2^54 then break end io.write(tostring(i), " ") end print()
