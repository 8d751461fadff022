-- xpcall with message handlers
print(xpcall(function() return "ok", 2 end, print))
print(xpcall(function() error("oops") end, function(m) return "handled: " .. m end))
print(xpcall(function() error({code = 7}) end, function(e) return e.code end))
print(xpcall(function() error() end, function(e) return type(e) end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(xpcall(function() local x = nil; return x.y end, function(m) return (m:gsub("^.-:%d+: ", "")) end))
-- handler receives exactly one value and its results replace it (first only)
print(xpcall(error, function(...) return select("#", ...), ... end, "v"))
-- error in the handler
print(xpcall(function() error("first") end, function(m) error("in handler") end))
-- handler that is not a function
print(pcall(xpcall, function() error("x") end, 5))
print(pcall(xpcall, function() return 1 end))
-- nested xpcall
print(xpcall(function()
  return xpcall(function() error("inner") end, function(m) return "inner handler" end)
end, function(m) return "outer handler" end))
