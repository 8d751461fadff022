-- method definitions and calls with ':'
local Account = {balance = 0}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account:get() return self.balance end
local a = Account.new(100)
a:deposit(50):deposit(25)
print(a:get(), a.get(a), Account.get(a))
local obj = {name = "obj"}
function obj.plain(x) return x end
function obj:meth(x) return self.name, x end
print(obj.plain(1), obj:meth(2))
print(obj.meth(obj, 3))
-- method call on string values
local s = "hello"
print(s:upper(), ("x"):rep(3), #s:sub(2))
-- method names that are expressions results
local t = {f = function(self, ...) return select("#", ...) end}
print(t:f(), t:f(nil), t:f(1, 2, 3))
-- calls with string and table arguments
local function id(x) return x end
print(id"lit", id[[long]], id{1, 2}[2])
print(type(id{}))
local o = {m = function(self, t) return t.k end}
print(o:m{k = "table arg"}, o:m"s" == nil)
