-- __gc finalizers run at collection, in reverse order of creation
local log = {}
for i = 1, 5 do
  setmetatable({}, {__gc = function() log[#log + 1] = i end})
end
collectgarbage()
print(table.concat(log, " "))
-- __gc must be present when setmetatable is called
local late = {}
local mt = {}
setmetatable(late, mt)
mt.__gc = function() print("never: __gc added after setmetatable") end
late = nil
collectgarbage()
-- finalizer receives the object
local got
do setmetatable({name = "obj"}, {__gc = function(o) got = o.name end}) end
collectgarbage()
print(got)
-- an error in a finalizer propagates out of collectgarbage as "error in __gc metamethod (...)"
local ok, err = pcall(function()
  setmetatable({}, {__gc = function() error("in gc") end})
  collectgarbage()
end)
print(ok, err)
