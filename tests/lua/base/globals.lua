-- _G and _VERSION
print(_G._G == _G, _G.print == print, _VERSION)
local names = {}
for k, v in pairs(_G) do if type(v) == "function" then names[#names + 1] = k end end
table.sort(names)
print(table.concat(names, " "))
local libs = {}
-- `ravi` is Ravi's own library (DESIGN.md §7), absent from lua5.3
for k, v in pairs(_G) do if type(v) == "table" and k ~= "_G" and k ~= "ravi" then libs[#libs + 1] = k end end
table.sort(libs)
print(table.concat(libs, " "))
newglobal = "created"
print(_G.newglobal, rawget(_G, "newglobal"))
_G.another = 1
print(another)
