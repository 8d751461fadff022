-- Lua 5.3 caches closures without fresh upvalues: evaluating the same function
-- expression twice may return the same closure (5.4 dropped this; lua5.3 shows it)
local list = {}
for i = 1, 3 do list[i] = function() end end
print(list[1] == list[2], list[1] == list[1])
local function maker() return function() return 1 end end
print(maker() == maker())
local t = {}
local f = function() return t end
print(f() == t)
