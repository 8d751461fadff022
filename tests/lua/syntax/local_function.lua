-- local function can refer to itself; local f = function cannot
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
local g = function(n) return n end
local g = function(n) if n == 0 then return "outer" end return g(0) end
print(g(1))
local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(10), even(7))
-- local function is a local: not visible as global
local function hidden() return 1 end
print(_ENV.hidden, type(hidden))
-- shadowing
local function f() return 1 end
local function f() return 2 end
print(f())
-- function statements assign globals and fields
function globalfn() return "global" end
print(globalfn())
local t = {a = {b = {}}}
function t.a.b.c() return "nested field" end
print(t.a.b.c())
