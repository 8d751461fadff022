-- weak-keyed tables drop entries whose keys are collected
local props = setmetatable({}, {__mode = "k"})
local a, b = {}, {}
props[a] = "a props"
props[b] = "b props"
props[{}] = "temporary"
props["string key"] = "stays"
props[1] = "number key stays"
collectgarbage()
local n = 0
for k, v in pairs(props) do n = n + 1 end
print(n, props[a], props[b], props["string key"], props[1])
b = nil
collectgarbage()
n = 0
for k in pairs(props) do n = n + 1 end
print(n)
