-- io.open modes, write (numbers via %.14g / %d), read formats, seek, lines
local name = "/tmp/ravi-iolib-readwrite.txt"
local f = assert(io.open(name, "w"))
print(io.type(f), f:write("line1\n", 2, " ", 3.5, " ", 1.0, " ", -0.0, " ", 2^63, " ", 1e100, "\n") == f)
f:write("0x1F -7 .5 1e3 12abc\n", "last line no newline")
print(f:close())
print(io.type(f), tostring(f))
print(pcall(f.write, f, "x"))
print(pcall(f.read, f))
print(pcall(f.close, f))

f = assert(io.open(name, "r"))
print(f:read())
print(f:read("l"))
print(f:read("n", "n", "n", "n", "n"))
print(f:read("n"))
print(f:read("L"))
print(f:read("L"))
print(f:read("l"), f:read("a"), f:read("n"), f:read(0))
print(f:seek("set", 0), f:read(3), f:seek(), f:seek("cur", 2), f:read(1), f:seek("end"), f:read(1), f:read("a"))
print(f:seek("set"), f:read(0), f:read("*l"), f:read("*L"))
print(f:seek("set", -1))
print(pcall(f.seek, f, "bogus"))
print(pcall(f.seek, f, "set", 1.5))
print(pcall(f.read, f, "x"))
print(pcall(f.read, f, {}))
f:seek("set", 0)
print(f:read(5, 1, 0, "l"))
f:close()

-- lines with formats
for a, b in io.lines(name, 1, "l") do io.write("[", a, "|", b, "]") end
print()
for l in io.lines(name, "L") do io.write(l) end
print()
local n = 0
for l in io.lines(name) do n = n + 1 end
print("lines", n)
f = io.open(name)
for w in f:lines("n") do print("num", w) end
print(io.type(f))
f:close()

-- append and update modes
f = assert(io.open(name, "a"))
f:write("\nappended")
f:close()
f = assert(io.open(name, "r+"))
f:write("LINE")
f:seek("set", 0)
print(f:read("l"))
f:seek("end", -8)
print(f:read("a"))
f:close()
f = assert(io.open(name, "w+b"))
f:write("abc")
f:seek("set")
print(f:read("a"))
f:close()
print(os.remove(name))
