-- 5.3's table library goes through metamethods (__index, __newindex, __len)
local log = {}
local backing = {10, 20, 30}
local proxy = setmetatable({}, {
  __index = function(_, k) return backing[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set " .. k; backing[k] = v end,
  __len = function() return #backing end,
})
print(table.concat(proxy, ","))
print(table.unpack(proxy))
table.insert(proxy, 40)
print(#backing, backing[4], table.concat(log, " "))
print(table.remove(proxy), #backing)
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(backing, ","))
local moved = table.move(proxy, 1, 3, 1, {})
print(table.concat(moved, ","))
