-- __call, including chained __call objects and varargs
local callable = setmetatable({}, {__call = function(self, a, b) return "called with", a, b end})
print(callable(1, 2))
print(pcall(callable, "x"))
local counter = setmetatable({n = 0}, {__call = function(self, inc) self.n = self.n + (inc or 1); return self.n end})
counter(); counter(5)
print(counter.n)
-- __call field that is itself a callable table
local inner = setmetatable({}, {__call = function(self, ...) return "inner", select("#", ...) end})
local outer = setmetatable({}, {__call = inner})
print(pcall(outer, 1, 2))
-- __call on method calls
local obj = {m = setmetatable({}, {__call = function(self, o, x) return x * 2 end})}
print(obj:m(21))
-- __call with many returns
local multi = setmetatable({}, {__call = function() return 1, 2, 3 end})
print(multi())
print(select("#", multi()))
-- calling non-callable
print(pcall(function() local t = {} t() end))
print(pcall(function() local t = setmetatable({}, {}) t() end))
-- __call in a tail position
local function tail() return callable("t", "c") end
print(tail())
