-- arithmetic error messages name the operand's origin
local function e(f) print(select(2, pcall(f))) end
local t = {}
local s = "abc"
e(function() return t.x + 1 end)
e(function() return 1 + t.x end)
e(function() return t + 1 end)
e(function() return s * 2 end)
e(function() return undefinedglobal - 1 end)
e(function() return -t end)
e(function() return t.x.y end)
e(function() return 2 ^ {} end)
e(function() return t // 1 end)
e(function() return t & 1 end)
e(function() return 1.5 & 1 end)
e(function() return s | 1 end)
e(function() return ~t end)
e(function() local up = t; return (function() return up + 1 end)() end)
e(function() return t[1] * 2 end)
e(function() return #5 end)
