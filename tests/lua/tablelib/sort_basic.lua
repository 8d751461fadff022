-- table.sort with default and custom comparators
local t = {5, 2, 8, 1, 9, 3}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local s = {"banana", "apple", "Cherry", "date"}
table.sort(s)
print(table.concat(s, " "))
local recs = {{n = "b", v = 2}, {n = "a", v = 3}, {n = "c", v = 1}}
table.sort(recs, function(x, y) return x.v < y.v end)
print(recs[1].n, recs[2].n, recs[3].n)
local mixed = {3, 1.5, 2, -1, 0.5}
table.sort(mixed)
print(table.concat(mixed, " "))
local oks, es = pcall(table.sort, {1, "x", 2})
print(oks, es:match("^attempt to compare %a+ with %a+$") ~= nil)
local e = {}
table.sort(e)
print(#e)
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1000 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[1000])
print(pcall(table.sort, {3, 2, 1}, function(a, b) return true end))
