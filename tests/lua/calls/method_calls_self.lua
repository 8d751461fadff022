-- self is just the first parameter
local obj = {v = 10}
function obj.get(self) return self.v end
function obj:get2() return self.v end
print(obj:get(), obj.get(obj), obj:get2(), obj.get2({v = 20}))
local other = {v = 30, get = obj.get}
print(other:get())
local function m(self, x) return self, x end
local t = {m = m}
local s, x = t:m(5)
print(s == t, x)
print(pcall(obj.get))
