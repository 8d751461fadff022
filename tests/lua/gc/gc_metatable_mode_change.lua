-- changing __mode after creation takes effect at the next collection
local mt = {}
local t = setmetatable({}, mt)
t[1] = {}
collectgarbage()
print(t[1] ~= nil)
mt.__mode = "v"
collectgarbage()
print(t[1])
