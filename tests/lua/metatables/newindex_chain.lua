-- __newindex with tables and functions
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.x = 1
print(rawget(proxy, "x"), store.x)
local log = {}
local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
t.a = 1
t.a = 2          -- existing key: no metamethod
t.b = nil
print(table.concat(log, " "), t.a)
-- chain: __newindex table with its own __newindex
local final = {}
local middle = setmetatable({}, {__newindex = final})
local front = setmetatable({}, {__newindex = middle})
front.k = "v"
print(rawget(front, "k"), rawget(middle, "k"), final.k)
-- readonly table
local ro = setmetatable({}, {__index = {x = 1}, __newindex = function(_, k) error("readonly: " .. k, 2) end})
print(ro.x, pcall(function() ro.y = 2 end))
-- __newindex only for absent keys
local seen = {}
local u = setmetatable({exists = 1}, {__newindex = function(t, k, v) seen[#seen + 1] = k end})
u.exists = 2; u.fresh = 3
print(u.exists, u.fresh, table.concat(seen, ","))
