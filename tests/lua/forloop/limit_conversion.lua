-- loop limits and steps from strings or non-numbers
print(pcall(function() for i = 1, "3" do io.write(i, " ") end end))
print(pcall(function() for i = "1", 3 do end end))
print(pcall(function() for i = 1, 3, "1" do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = nil, 3 do end end))
print(pcall(function() for i = 1, 3, nil do end end))
print(pcall(function() for i = 1, 3.5 do io.write(i, " ") end print() end))
print(pcall(function() for i = 1, 2^53 + 0.5 do break end end))
