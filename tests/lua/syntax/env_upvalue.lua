-- _ENV is an upvalue of every chunk; globals are fields of _ENV
x = 10
print(_ENV.x, _G.x, _ENV == _G)
local function f()
  local _ENV = {print = print, y = "from custom env"}
  print(y, x)
end
f()
local function g(_ENV) return a + b end
print(g({a = 1, b = 2}))
do
  local _ENV = setmetatable({}, {__index = _G})
  z = "local global"
  print(z, _G.z)
end
print(z)
local chunk = load("v = 5; return v", "chunk", "t", {})
print(chunk(), v)
