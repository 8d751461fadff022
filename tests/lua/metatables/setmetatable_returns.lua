-- getmetatable/setmetatable return values and chaining
local mt = {__index = function(t, k) return k end}
local t = setmetatable({}, mt)
print(setmetatable(t, mt) == t, getmetatable(t) == mt, t.hello)
print(getmetatable(setmetatable({}, nil)))
local ok, r = pcall(setmetatable, {}, {}, "extra")
print(ok, type(r))
print(select("#", setmetatable({}, {})))
