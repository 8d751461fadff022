-- statements: function calls as statements, assignments to fields, method chains
local log = {}
local function add(x) log[#log + 1] = x; return add end
add "a" "b" "c"
print(table.concat(log))
local obj = {n = 0}
function obj:inc() self.n = self.n + 1; return self end
obj:inc():inc():inc()
print(obj.n)
local t = {}
t.a, t.b = 1, 2; t.c = t.a + t.b
print(t.c)
local s = 0; for i = 1, 3 do s = s + i end; print(s)
print(load("x") == nil, load("x.y") == nil, load("x()") ~= nil, load("x:y()") ~= nil)
print(load("(x)") == nil, load("x = 1 = 2") == nil, load("1 = x") == nil)
