-- table constructors: positional, named, computed keys, trailing separators
local t = {1, 2, 3; x = "x", ["y"] = "y", [10] = 10, 4,}
print(#t, t[4], t.x, t.y, t[10])
local function three() return "a", "b", "c" end
local u = {three()}
print(#u, u[3])
local v = {three(), three()}
print(#v, v[1], v[2], v[4])
local w = {(three())}
print(#w)
local z = {three(), nil}
print(#z)
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][1])
local k = {[1] = "a", [2] = "b", "c"}     -- positional overrides [1]
print(k[1], k[2])
local e = {}
print(#e, next(e))
local f = {[1.0] = "float key", [2^53] = "big"}
print(f[1], f[2^53])
local big = {}
for i = 1, 100 do big[i] = i end
local c = {table.unpack(big)}
print(#c, c[100])
local s = {"x"; "y"; "z"}
print(#s, s[2])
print(#{n = 1, 1, 2, nil}, ({10, 20, 30})[2])
