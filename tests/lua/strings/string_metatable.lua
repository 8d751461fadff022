-- strings share a metatable whose __index is the string table
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable("abc") == mt)
print(("abc"):upper(), ("%d"):format(5), ("x"):rep(2, ","))
local s = "hello"
print(s:len(), s:sub(2, 3), s:byte(1))
print(pcall(function() return ("x"):nosuchmethod() end))
string.shout = function(self) return self:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
print(s.len == string.len, s.nothing)
print(pcall(function() local n = 5 return n:len() end))
print(pcall(function() return ("x").y.z end))
print(#getmetatable("").__index.format("%5s", "ab"))
