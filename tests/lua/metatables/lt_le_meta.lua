-- __lt and __le, including __le falling back to not __lt(b, a)
local log = {}
local ltmt = {__lt = function(a, b) log[#log + 1] = "lt(" .. a.v .. "," .. b.v .. ")"; return a.v < b.v end}
local x = setmetatable({v = 1}, ltmt)
local y = setmetatable({v = 2}, ltmt)
print(x < y, y < x, x > y, y > x)
print(x <= y, y <= x, x >= y)      -- no __le: uses not (b < a)
print(table.concat(log, " "))
local lemt = {
  __lt = function(a, b) return "lt" end,
  __le = function(a, b) return nil end,
}
local p, q = setmetatable({}, lemt), setmetatable({}, lemt)
print(p < q, p <= q, p > q, p >= q)
-- mixed: number and table
local n = setmetatable({v = 5}, {__lt = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av < bv
end})
print(n < 10, 3 < n, n > 1, 10 <= n)
print(pcall(function() return {} < {} end))
print(pcall(function() return {} <= {} end))
print(pcall(function() return setmetatable({}, {__lt = function() return true end}) <= {} end))
-- strings and numbers do not use metamethods
print("a" < "b", 1 < 2)
