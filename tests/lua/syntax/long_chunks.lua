-- many constants and locals in one function; many statements
local src = {"local t = {}"}
for i = 1, 300 do src[#src + 1] = ("t[%d] = %d.5 + %d"):format(i, i, i) end
src[#src + 1] = "return t"
local t = load(table.concat(src, "\n"))()
print(#t, t[1], t[300])
local parts = {}
for i = 1, 199 do parts[#parts + 1] = "local v" .. i .. " = " .. i end
parts[#parts + 1] = "return v1 + v199"
print(load(table.concat(parts, "\n"))())
-- a big table constructor with > 50 items (SETLIST batches)
local items = {}
for i = 1, 1000 do items[i] = tostring(i) end
local big = load("return {" .. table.concat(items, ",") .. "}")()
print(#big, big[1], big[500], big[1000])
-- many distinct string constants
local strs = {}
for i = 1, 1000 do strs[i] = ("%q"):format("s" .. i) end
local st = load("return {" .. table.concat(strs, ",") .. "}")()
print(#st, st[1], st[1000])
