-- weak-valued tables lose collectable values with no strong references
local cache = setmetatable({}, {__mode = "v"})
local strong = {}
for i = 1, 10 do
  local obj = {id = i}
  cache[i] = obj
  if i % 2 == 0 then strong[#strong + 1] = obj end
end
cache.str = "strings are values, never collected from weak tables"
cache.num = 42
cache.fn = function() end
collectgarbage()
local ids = {}
for k, v in pairs(cache) do if type(k) == "number" then ids[#ids + 1] = k end end
table.sort(ids)
print(table.concat(ids, " "))
print(cache.str ~= nil, cache.num, cache.fn)
strong = nil
collectgarbage()
local n = 0
for k, v in pairs(cache) do if type(v) == "table" then n = n + 1 end end
print(n)
