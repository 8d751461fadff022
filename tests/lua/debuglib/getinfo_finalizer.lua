-- debug.getinfo inside a finalizer: the level that was running when the collector
-- called the finalizer is named "metamethod '__gc'" (5.3's CIST_FIN), the finalizer
-- itself has no name; the mark is gone once the finalizer has returned.
local name, namewhat, selfname
setmetatable({}, {__gc = function ()
  local t = debug.getinfo(2, "n")
  name, namewhat = t.name, t.namewhat
  selfname = debug.getinfo(1, "n").namewhat
end})
repeat local a = {} until name
print(namewhat, name, "[" .. selfname .. "]")

-- from an explicit collectgarbage()
name = nil
setmetatable({}, {__gc = function ()
  local t = debug.getinfo(2, "nS")
  name, namewhat = t.name, t.namewhat
  print("level 2 is", t.what, t.short_src)
end})
collectgarbage()
print(namewhat, name)

-- after the finalizer, the caller's name is normal again
local function caller() return debug.getinfo(1, "n").name end
print(caller())
