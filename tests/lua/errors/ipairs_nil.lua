-- ipairs(nil) is accepted in 5.3; the error comes from the iterator
local x
print(pcall(function() for i, v in ipairs(x) do end end))
print(pcall(function() for k, v in pairs(x) do end end))
print(pcall(function() for k, v in next, x do end end))
local ok, f = pcall(ipairs, nil)
print(ok, type(f))
print(pcall(ipairs))
