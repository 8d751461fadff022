-- unbounded recursion raises a catchable "stack overflow" error
local function inf(n) return 1 + inf(n + 1) end
local ok, err = pcall(inf, 1)
print(ok, type(err), err:find("stack overflow") ~= nil)
-- the state is usable afterwards
local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
print(f(1000))
-- overflow again, inside a coroutine
local co = coroutine.create(function() return inf(1) end)
local ok2, err2 = coroutine.resume(co)
print(ok2, err2:find("stack overflow") ~= nil, coroutine.status(co))
-- overflow with a message handler
print(xpcall(inf, function(m) return "handled: " .. tostring(m:find("stack overflow") ~= nil) end, 1))
-- overflow through metamethods
local mt = {}
mt.__index = function(t, k) return t[k .. "x"] end
local ok3, err3 = pcall(function() return setmetatable({}, mt).a end)
print(ok3, err3:find("stack overflow") ~= nil)
