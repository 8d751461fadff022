-- finalizers may allocate and create new finalizable objects
local log = {}
local function make(n)
  return setmetatable({}, {__gc = function()
    log[#log + 1] = "gc" .. n
    if n < 3 then make(n + 1) end
  end})
end
make(1)
collectgarbage()
collectgarbage()
collectgarbage()
collectgarbage()
print(table.concat(log, " "))
