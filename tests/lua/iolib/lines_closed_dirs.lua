-- io: lines iterators after EOF/close, too many formats, writing read-only / reading write-only files, directories, seek limits, closing std files
local function san(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local ty = type(t[i])
    if ty == "table" or ty == "function" or ty == "userdata" or ty == "thread" then t[i] = ty end
  end
  return table.unpack(t, 1, t.n)
end
local function p(...) print(san(pcall(...))) end
local fn = "/tmp/ravi-iolib-lines.txt"
local f = io.open(fn, "w") f:write("a\nb\nc") f:close()
local it = io.lines(fn) print(it(), it(), it(), it()) p(it)
f = io.open(fn) local it2 = f:lines() print(it2()) f:close() p(it2)
f = io.open(fn) for l in f:lines() do end print(io.type(f)) print(f:read("a")) f:close()
p(io.lines, fn, table.unpack((function() local t = {} for i = 1, 300 do t[i] = "l" end return t end)()))
f = io.open(fn, "r") print(f:write("x")) f:close()
f = io.open(fn, "w") print(f:read("a")) f:close()
p(io.open, "/tmp", "r+")
f = io.open("/tmp") print(f:read("a")) print(f:read("l")) print(f:read(1)) print(f:read("n")) f:close()
f = io.open(fn, "w") f:write("a\nb\nc") f:close()
f = io.open(fn) print(f:read("l", "l", "l", "l", "l")) f:close()
f = io.open(fn) print(f:seek("set", 100), f:read("a"), f:read(1)) f:close()
f = io.open(fn) print(f:seek("end", -1), f:read("a")) f:close()
f = io.open(fn) print(f:seek("cur", 2^62)) f:close()
f = io.open(fn) print(pcall(f.seek, f, "set", 2^63)) f:close()
print(io.output():write("w1\n") == io.output())
print(io.write("w2\n") == io.stdout)
print(io.stdout:close())
print(select("#", io.stdout.write(io.stdout, "x\n")))
