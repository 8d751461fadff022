-- strings as table keys, numeric strings are not numbers as keys
local t = {}
t["1"] = "string one"
t[1] = "number one"
print(t["1"], t[1], t[1.0])
t["01"] = "zero one"
print(t["01"], t["1"])
t[""] = "empty"
print(t[""])
local keys = {}
for k in pairs(t) do keys[#keys + 1] = type(k) .. ":" .. tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
local u = {["a b"] = 1, ["\0"] = 2, ["\0\0"] = 3}
print(u["a b"], u["\0"], u["\0\0"])
