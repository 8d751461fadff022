-- proper tail calls do not grow the stack
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
print(loop(1000000))
local function a(n) if n == 0 then return "a" end return (function(m) return a(m) end)(n - 1) end
print(a(100000))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(1000001))
local function acc(n, s) if n == 0 then return s end return acc(n - 1, s + n) end
print(acc(1000000, 0))
-- tail call through a method and with varargs
local obj = {}
function obj:count(n, ...) if n == 0 then return select("#", ...) end return self:count(n - 1, ...) end
print(obj:count(500000, 1, 2, 3))
-- a tail call through a __call metamethod
local callable = setmetatable({}, {__call = function(self, n) if n == 0 then return "meta done" end return self(n - 1) end})
print(callable(200000))
-- tail call to a C function
local function tc() return select("#", 1, 2) end
print(tc())
