-- __index chains through tables and functions
local base = {a = "base a", b = "base b"}
local mid = setmetatable({b = "mid b"}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.a, top.b, top.c)
local calls = 0
local f = setmetatable({}, {__index = function(t, k) calls = calls + 1; return k .. "!" end})
print(f.x, f[1], calls)
local chain = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "deep " .. k end})})
print(chain.z)
-- __index is not consulted for existing keys, even false
local t = setmetatable({present = false}, {__index = function() return "meta" end})
print(t.present, t.absent)
-- rawget bypasses
print(rawget(top, "a"))
-- __index on a string-keyed lookup with a numeric key
local arr = setmetatable({}, {__index = function(_, i) return i * i end})
print(arr[4], arr[1.5])
-- a long chain of 50 tables
local obj = {val = "found at bottom"}
for i = 1, 50 do obj = setmetatable({}, {__index = obj}) end
print(obj.val)
