-- __mode "kv": entries vanish when either key or value is collected
local t = setmetatable({}, {__mode = "kv"})
local k1, v1 = {}, {}
t[k1] = v1                 -- both alive
t[{}] = v1                 -- key dies
t.s = {}                   -- value dies
t.x = "stays"
collectgarbage()
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n, t[k1] == v1, t.x)
k1 = nil
collectgarbage()
n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
