-- pending finalizers run when the state closes
print("main chunk start")
setmetatable({}, {__gc = function() print("finalizer 1 at exit") end})
keep = setmetatable({}, {__gc = function() print("finalizer 2 (global) at exit") end})
local x = setmetatable({}, {__gc = function() print("finalizer 3 (local) at exit") end})
print("main chunk end")
