-- all kinds of values as keys
local t = {}
local f = function() end
local co = coroutine.create(f)
local keys = {1, 2.5, "s", true, false, f, co, t, print}
for i, k in ipairs(keys) do t[k] = i end
local out = {}
for i, k in ipairs(keys) do out[#out + 1] = t[k] end
print(table.concat(out, " "))
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
for i, k in ipairs(keys) do t[k] = nil end
print(next(t))
