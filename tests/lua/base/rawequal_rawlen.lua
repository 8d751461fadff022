-- rawequal and rawlen in the base library
print(rawequal(1, 1), rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}), rawequal(nil, nil))
print(rawequal(0, -0), rawequal(0.0, -0.0), rawequal(print, print))
print(rawlen({1, 2, 3}), rawlen("four"), rawlen(setmetatable({1}, {__len = function() return 9 end})))
print(pcall(rawlen, nil))
print(pcall(rawequal))
