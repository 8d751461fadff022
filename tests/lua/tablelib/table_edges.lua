-- table library edge cases: bounds, metamethods, proxies, sort errors
local maxi, mini = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
local function p(...) print(pcall(...)) end
local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end
-- insert/remove bounds
local t = {1, 2, 3}
p(table.insert, t, 0, "x")
p(table.insert, t, 5, "x")
table.insert(t, 4, "x") print(show(t))
table.insert(t, 1, "y") print(show(t))
p(table.insert, t)
p(table.insert, t, 1, 2, 3)
p(table.insert, t, "a", 1)
p(table.insert, nil, 1)
print(table.remove(t), show(t))
print(table.remove(t, 1), show(t))
p(table.remove, t, 7)
print(table.remove(t, #t + 1), show(t))
print(table.remove({}), table.remove({}, 0), table.remove({}, 1))
p(table.remove, {}, 2)
p(table.remove, {}, -1)
local z = {[0] = "zero"} print(table.remove(z, 0), z[0])
-- concat
print(table.concat({}), table.concat({1, 2, 3}, ", ", 2, 3), table.concat({1, 2, 3}, "", 3, 2))
print(table.concat({"a", "b"}, 3), table.concat({1.5, 2, "x"}, "|"))
p(table.concat, {1, {}, 3})
p(table.concat, {1, 2}, ",", 1, 3)
p(table.concat, {}, {})
print(table.concat({[maxi] = "m"}, ",", maxi, maxi))
-- unpack / pack
print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 5))
print(select('#', table.unpack({}, 1, 0)), select('#', table.unpack({}, 5, 1)), table.unpack({n = 1}, -1, 1))
p(table.unpack, {}, 1, 1e7)
p(table.unpack, {}, mini, maxi)
p(table.unpack, {}, 0, maxi)
print(table.unpack({}, maxi, maxi))
print(table.unpack({}, mini, mini + 1))
local pk = table.pack() print(pk.n, #pk)
pk = table.pack(nil, 2, nil) print(pk.n, pk[1], pk[2], pk[3])
-- move
local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1) print(show(a))
a = {1, 2, 3, 4, 5} table.move(a, 1, 3, 3) print(show(a))
local b = table.move({1, 2}, 1, 2, 3, {}) print(show(b, 4))
print(table.move({}, 1, 0, 5) ~= nil)
p(table.move, {}, -1, maxi, 1)
p(table.move, {}, 1, maxi, 2)
p(table.move, {}, 1, 2, maxi)
p(table.move, {}, 1, 2)
p(table.move, 1, 1, 2, 3)
-- proxies with metamethods
local log = {}
local store = {10, 20, 30}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k store[k] = v end,
  __len = function() return #store end,
})
table.insert(proxy, 40) print(show(store), table.concat(log, " ")) log = {}
table.insert(proxy, 1, 5) print(show(store), table.concat(log, " ")) log = {}
print(table.remove(proxy, 2), show(store), table.concat(log, " ")) log = {}
print(table.concat(proxy, "-"), table.unpack(proxy))
table.sort(proxy, function(x, y) return x > y end) print(show(store))
log = {}
-- userdata-like proxy (non-table with metatable)
local ud = setmetatable({}, {__len = function() return 2 end})
print(pcall(table.concat, ud))
local notab = "abc"
p(table.insert, notab, 1)
p(table.sort, 1)
-- __len returning non-integer
p(table.insert, setmetatable({}, {__len = function() return 1.5 end}), 1)
p(table.insert, setmetatable({}, {__len = function() return "2" end}), 1)
-- sort
local s = {5, 2, 8, 1, 9, 3} table.sort(s) print(show(s))
s = {"b", "a", "c"} table.sort(s, function(x, y) return x > y end) print(show(s))
p(table.sort, {1, "x", 2})
p(table.sort, {1, 2, 3}, 1)
p(table.sort, {3, 2, 1}, function(a, b) error("cmp") end)
p(table.sort, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, function(a, b) return true end)
local big = {} for i = 1, 200 do big[i] = (i * 37) % 101 end
table.sort(big) local ok = true for i = 2, 200 do if big[i - 1] > big[i] then ok = false end end print(ok)
p(table.sort, setmetatable({}, {__len = function() return maxi end}))
local mt = {__lt = function(x, y) return x.v < y.v end}
local objs = {} for i = 1, 10 do objs[i] = setmetatable({v = (i * 7) % 10}, mt) end
table.sort(objs) local vs = {} for i = 1, 10 do vs[i] = objs[i].v end print(table.concat(vs, " "))
print(type(table.sort))
