-- indexing non-table values consults their metatable (strings) or errors
print(("abc").len == string.len)
print(pcall(function() local n = 1 return n.x end))
print(pcall(function() local b = true return b.x end))
print(pcall(function() local f = print return f.x end))
print(pcall(function() local n = nil n.x = 1 end))
print(pcall(function() local s = "x" s.y = 1 end))
print(pcall(function() return ("x"):nope() end))
