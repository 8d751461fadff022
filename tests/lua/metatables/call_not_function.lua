-- __call must be a function: lua5.3 (luaD_tryfuncTM) does not follow a __call that is a
-- number, a string or a callable table, and the error names the value being called
-- (with its variable name), not the metamethod.
local t = setmetatable({}, {__call = 5})
print(pcall(t))
print(pcall(function() t() end))
print(pcall(function() local x = t(1) return x end))
print(pcall(function() return t(1) end))
print(pcall(function() local loc = t; loc() end))
print(pcall(function() G = t; G() end))
print(pcall(function() local r = {f = t}; r.f() end))
print(pcall(function() local r = {f = t}; r:f() end))

local s = setmetatable({}, {__call = "str"})
print(pcall(s))
print(pcall(function() s() end))

-- a callable table as __call is not followed either
local inner = setmetatable({}, {__call = function() return "inner called" end})
local u = setmetatable({}, {__call = inner})
print(pcall(u, 1))
print(pcall(function() u() end))
print(inner())

-- a function __call works, through every call form
local ok = setmetatable({}, {__call = function(self, a, b) return "ok", a, b end})
print(ok(1, 2))
print(pcall(ok, 3))
print((function() return ok(4) end)())
print(select("#", ok()))

-- userdata-like values: a string's metatable has no __call
print(pcall(function() ("x")() end))
print(pcall(function() local n = 1; n() end))
-- a __call set to false is "no metamethod"
local f = setmetatable({}, {__call = false})
print(pcall(f))
print(pcall(function() f() end))

-- through the library: table.sort's comparator, tostring's __tostring, xpcall's handler
print(pcall(table.sort, {3, 2, 1}, t))
print(pcall(string.gsub, "abc", "b", t))
print(xpcall(error, function(m) return "handled: " .. tostring(m) end, "boom"))
print(pcall(coroutine.wrap(function() t() end)))
