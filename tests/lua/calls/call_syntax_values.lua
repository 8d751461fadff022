-- calling various callable expressions
local t = {f = function(...) return select("#", ...) end}
print(t.f(), t["f"](1), (t.f)(1, 2))
print((function(...) return ... end)(1, 2, 3))
local fs = {function() return "first" end, function() return "second" end}
print(fs[1](), fs[2]())
local function curry(a) return function(b) return function(c) return a .. b .. c end end end
print(curry("x")("y")("z"))
print(pcall(function() local n = nil; n() end))
print(pcall(function() undefinedfn() end))
print(pcall(function() local t = {} t.missing() end))
print(pcall(function() local t = {} t:missing() end))
print(pcall(function() ("s")() end))
