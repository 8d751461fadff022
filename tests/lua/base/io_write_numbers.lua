-- io.write formats numbers itself: integers with %d, floats with %.14g (no ".0" added),
-- unlike print/tostring
io.write(1, " ", 1.0, " ", -0.0, " ", 2^63, " ", 1e15, " ", 0.1, " ", 100 / 2, "\n")
print(1, 1.0, -0.0, 2^63, 1e15, 0.1, 100 / 2)
io.write(math.maxinteger, " ", math.mininteger, " ", 3 // 1.0, "\n")
io.write(tostring(3.0), " ", 3.0 .. "", "\n")
print(io.write("chained ") == io.stdout)
io.write("\n")
print(pcall(io.write, {}))
