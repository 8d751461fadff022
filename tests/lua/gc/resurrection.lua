-- a finalizer may resurrect its object; it is not finalized again
saved = nil
local count = 0
do
  setmetatable({value = "resurrected"}, {__gc = function(o) count = count + 1; saved = o end})
end
collectgarbage()
print(count, saved and saved.value)
saved = nil
collectgarbage()
collectgarbage()
print(count)
-- weak table entries for resurrected objects: values removed before, keys after finalization
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
do
  local o = setmetatable({}, {__gc = function(o) saved = o end})
  wk[o] = "key entry"
  wv[1] = o
end
collectgarbage()
print(wv[1] == nil, wk[saved])
saved = nil
collectgarbage()
local n = 0
for _ in pairs(wk) do n = n + 1 end
print(n)
