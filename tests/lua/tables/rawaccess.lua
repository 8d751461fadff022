-- rawget/rawset/rawequal bypass metamethods
local log = {}
local t = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "index " .. tostring(k); return "default" end,
  __newindex = function(_, k, v) log[#log + 1] = "newindex " .. tostring(k) end,
})
print(t.a, rawget(t, "a"))
t.b = 1
print(rawget(t, "b"))
rawset(t, "b", 2)
print(t.b, rawget(t, "b"))
print(table.concat(log, ", "))
print(rawset(t, "c", 3) == t, t.c)
print(rawequal(t, t), rawequal(t, {}), rawequal(1, 1.0), rawequal("a", "a"))
print(pcall(rawget, "str", 1))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawequal, 1))
print(pcall(rawget, {}))
