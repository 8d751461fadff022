-- string.dump round trips through load (binary chunks), strip, natives, modes
local function f(a, b) local c = a + b return c * 2, "x", 1.5, nil, true end
local d = string.dump(f)
print(type(d), d:sub(1, 4) == "\27Lua")
local g = load(d)
print(g(1, 2))
print(load(string.dump(f, true))(3, 4))
print(load(string.dump(function(...) return select('#', ...) end))(1, 2, 3))
local function err() error("boom") end
print(pcall(load(string.dump(err))))
print(pcall(load(string.dump(err, true))))
print(load(d, "x", "t"))
print(load(d:sub(1, 20)))
local nested = function() return function(x) return x .. "!" end end
print(load(string.dump(nested))()("hi"))
-- the first upvalue of a loaded function is set to _ENV's value (the globals)
local up = 10
local function h() return up end
print(load(string.dump(h))() == _G)
local e = load(string.dump(function() return X end), "chunk", "b", {X = "env"})
print(e())
-- integer/float/string constants survive
local function k() return 0x7fffffffffffffff, -0.0, 1e300, "a\0b", 2^53 end
local r = {load(string.dump(k))()}
print(r[1], 1 / r[2], r[3], #r[4], r[5], math.type(r[5]))
print(pcall(string.dump, print))
print(pcall(string.dump, coroutine.wrap(function() end)))
print(pcall(string.dump))
print(pcall(string.dump, "x"))
print(#string.dump(f) > #string.dump(f, true))
