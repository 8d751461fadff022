-- a stopped collector does not run automatically but collect still works
collectgarbage("stop")
local w = setmetatable({}, {__mode = "v"})
w[1] = {}
for i = 1, 10000 do local t = {} end
print(collectgarbage("isrunning"), w[1] ~= nil)
collectgarbage()
print(w[1])
collectgarbage("restart")
print(collectgarbage("isrunning"))
