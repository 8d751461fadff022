-- getmetatable / setmetatable / getregistry / getuservalue / setuservalue
local t = {}
local mt = { __index = function() return "dflt" end }
print(debug.setmetatable(t, mt) == t, t.x, debug.getmetatable(t) == mt)
print(debug.getmetatable(1))
local old = debug.getmetatable(10)
debug.setmetatable(10, { __index = function(n, k) return k .. n end })
print((5).foo)
debug.setmetatable(10, old)
print(pcall(function() return (5).foo end))
print(debug.setmetatable(nil, nil))
print(pcall(debug.setmetatable, t, 1))
print(pcall(debug.setmetatable, t))
print(pcall(debug.getmetatable))
local smt = { __metatable = "locked" }
setmetatable(t, smt)
print(getmetatable(t), debug.getmetatable(t) == smt)
print(type(debug.getregistry()), debug.getregistry() == debug.getregistry())
print(type(debug.getregistry()._LOADED))
print(debug.getuservalue(1), debug.getuservalue({}), debug.getuservalue(nil))
print(debug.getuservalue(io.stdout))
local u = io.tmpfile()
print(debug.setuservalue(u, 42) == u, debug.getuservalue(u))
print(pcall(debug.setuservalue, {}, 1))
print(pcall(debug.setuservalue, u))
u:close()
local names = {}
for k in pairs(debug) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
