-- a function with many upvalues
local src = {}
for i = 1, 200 do src[#src + 1] = "local u" .. i .. " = " .. i end
local uses = {}
for i = 1, 200 do uses[#uses + 1] = "u" .. i end
src[#src + 1] = "return function() return " .. table.concat(uses, " + ") .. " end"
local f = load(table.concat(src, "\n"))()
print(f())
local setters = {}
for i = 1, 60 do
  local v = i
  setters[i] = function(d) v = v + d; return v end
end
local s = 0
for i = 1, 60 do s = s + setters[i](1) end
print(s)
