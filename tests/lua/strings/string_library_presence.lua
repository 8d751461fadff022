-- the string table: functions present in Lua 5.3 (sorted)
local names = {}
for k, v in pairs(string) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
print(table.concat(names, " "))
local m = {}
for k in pairs(math) do m[#m + 1] = k end
table.sort(m)
print(table.concat(m, " "))
local t = {}
-- intarray, numarray and slice are Ravi's array constructors (DESIGN.md §7)
local ravi_only = {intarray = true, numarray = true, slice = true}
for k in pairs(table) do if not ravi_only[k] then t[#t + 1] = k end end
table.sort(t)
print(table.concat(t, " "))
local c = {}
for k in pairs(coroutine) do c[#c + 1] = k end
table.sort(c)
print(table.concat(c, " "))
