-- load's env parameter becomes the chunk's first upvalue
local env = setmetatable({}, {__index = _G})
local f = load("y = 10; return print ~= nil", "chunk", "t", env)
print(f(), env.y, rawget(_G, "y"))
local g = load("return a", "chunk", "t", nil)
print(pcall(g))
local h = load("local x = 1; return x")
print(h())
local count = 0
local counting = setmetatable({}, {__index = function(_, k) count = count + 1; return _G[k] end})
load("local s = tostring(1) .. tostring(2)", "c", "t", counting)()
print(count)
