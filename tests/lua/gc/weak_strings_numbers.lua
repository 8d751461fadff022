-- non-collectable keys and values are never removed from weak tables
local t = setmetatable({}, {__mode = "kv"})
t[1] = 1; t["s"] = "v"; t[true] = false; t[2.5] = 2.5
t[string.rep("long", 20)] = string.rep("value", 20)
collectgarbage()
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(#keys, table.concat(keys, " "):sub(1, 40))
