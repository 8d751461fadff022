-- table.sort errors and comparator misuse
local ok1, e1 = pcall(table.sort, {1, 2, {}})
print(ok1, e1:match("^attempt to compare %a+ with %a+$") ~= nil)
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, 2}, 3))
local n = 0
local t = {}
for i = 1, 100 do t[i] = 101 - i end
table.sort(t, function(a, b) n = n + 1 return a < b end)
print(t[1], t[100], n > 0)
local withmeta = {}
local mt = {__lt = function(a, b) return a.k < b.k end}
for i = 1, 5 do withmeta[i] = setmetatable({k = (i * 3) % 5}, mt) end
table.sort(withmeta)
local ks = {}
for i = 1, 5 do ks[i] = withmeta[i].k end
print(table.concat(ks, " "))
