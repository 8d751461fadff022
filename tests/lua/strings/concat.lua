-- the .. operator: strings and numbers, results, errors
print("a" .. "b", "a" .. 1, 1 .. "a", 1 .. 2, 1.5 .. "", 2^63 .. "")
print(-0.0 .. "", 1e100 .. "", math.mininteger .. "")
local s = ""
for i = 1, 10 do s = s .. i end
print(s, #s)
print(pcall(function() return "a" .. nil end))
print(pcall(function() return "a" .. {} end))
print(pcall(function() return true .. "a" end))
print(pcall(function() local t = {} return t.x .. "a" end))
print(pcall(function() local x; return "a" .. x end))
print(pcall(function() return "a" .. print end))
local parts = {}
for i = 1, 5 do parts[i] = string.rep(string.char(96 + i), i) end
print(parts[1] .. parts[2] .. parts[3] .. parts[4] .. parts[5])
print(("x"):rep(3) .. ("y"):rep(2))
print("\0" .. "\0" == "\0\0", #("\0" .. "a\0"))
local big = string.rep("x", 1000)
print(#(big .. big .. big))
