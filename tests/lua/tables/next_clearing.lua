-- next/pairs keep working while fields are cleared during traversal
local t = {}
for i = 1, 20 do t["k" .. i] = i end
for i = 1, 20 do t[i] = i end
local seen, sum = 0, 0
for k, v in pairs(t) do
  t[k] = nil
  seen = seen + 1
  sum = sum + v
end
print(seen, sum, next(t))
-- clear other fields during traversal
local u = {}
for i = 1, 10 do u[i] = true end
local count = 0
for k in pairs(u) do
  count = count + 1
  if k % 2 == 1 and u[k + 1] ~= nil then u[k + 1] = nil end
end
print(count <= 10, next(u) ~= nil)
-- assign to existing fields during traversal is allowed
local w = {a = 1, b = 2, c = 3}
for k, v in pairs(w) do w[k] = v * 10 end
print(w.a, w.b, w.c)
-- next on empty table and with explicit nil key
print(next({}), next({}, nil), next({5}))
print(pcall(next, {}, "nokey"))
print(pcall(next, {a = 1}, 1))
-- full manual traversal with next
local m = {x = 1, y = 2, 10, 20}
local keys = {}
local k = next(m)
while k ~= nil do keys[#keys + 1] = tostring(k); k = next(m, k) end
table.sort(keys)
print(table.concat(keys, " "))
