-- calls with many arguments and results
local function count(...) return select("#", ...) end
local args = {}
for i = 1, 240 do args[i] = "x" end
local src = "local count = ... return count(" .. table.concat(args, ",", 1, 240):gsub("x", "1") .. ")"
print(load(src)(count))
local t = {}
for i = 1, 5000 do t[i] = i end
print(count(table.unpack(t)))
local function ret(n) if n == 0 then return end return n, ret(n - 1) end
print(count(ret(150)))
print(select(-1, table.unpack(t)))
