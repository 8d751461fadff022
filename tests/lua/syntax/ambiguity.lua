-- a newline before '(' is not ambiguous in 5.3: it is a call
local function f() return function(x) return "called " .. tostring(x) end end
local r = f()
("arg")
print(r)
local t = {}
t.x = 1
;(print)("paren statement")
local a = (f())(1)
print(a)
local g = f
;(g())(2)
print((("parenthesized string")))
