-- pairs visits every key once; ipairs stops at the first nil
local t = {1, 2, 3, nil, 5, x = "x", [10] = 10}
local ip = {}
for i, v in ipairs(t) do ip[#ip + 1] = i .. "=" .. v end
print(table.concat(ip, " "))
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
local count = 0
for _ in pairs({}) do count = count + 1 end
print(count)
print(type(pairs({})), select("#", pairs({})), select("#", ipairs({})))
local f, s, c = ipairs({})
print(c, f(s, c))
local f2, s2, c2 = pairs({})
print(f2 == next, c2)
print(pcall(ipairs))
local okp, fp = pcall(pairs, nil)
print(okp, fp == next)
print(pcall(function() for k in pairs(nil) do end end))
for i, v in ipairs({[1] = "a", [2] = "b", [4] = "d"}) do io.write(i, v, " ") end
print()
