-- files are closed (and flushed) by the garbage collector; io.lines closes at the end
local name = "/tmp/ravi-iolib-gc.txt"
do
  local f = io.open(name, "w")
  f:write("data written, never closed")
end
collectgarbage()
collectgarbage()
print(io.open(name):read("a"))
-- a handle closed by the loop of io.lines(name)
local handle
local mt = getmetatable(io.stdout)
local n = 0
for l in io.lines(name) do n = n + 1 end
print("lines", n)
-- f:lines does not close the file
local f = io.open(name)
for l in f:lines() do end
print(io.type(f), f:read("a"), f:close())
-- the iterator of a closed file
f = io.open(name)
local it = f:lines()
f:close()
print(pcall(it))
-- the file handle metatable
print(mt.__name, type(mt.__gc), type(mt.__tostring), mt.__index == mt)
local keys = {}
for k in pairs(mt) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
keys = {}
for k in pairs(io) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
-- __gc of a closed file and of the standard files does nothing
f = io.open(name)
f:close()
mt.__gc(f)
mt.__gc(io.stdout)
print(io.type(io.stdout), io.type(f))
os.remove(name)
-- a file left open at exit is flushed
f = io.open(name, "w")
f:write("flushed at exit")
