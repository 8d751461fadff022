-- deep recursion through C functions gives "C stack overflow" (error raised, not a crash)
local function viapcall(n) return pcall(viapcall, n + 1) end
print(select("#", viapcall(1)) > 0)
local ok, err = pcall(function()
  local t = setmetatable({}, {})
  getmetatable(t).__index = function(tt, k) return tt[k] end
  return t.x
end)
print(ok, err:find("overflow") ~= nil)
local function nest(n) return tostring(setmetatable({}, {__tostring = function() return nest(n + 1) end})) end
local ok2, err2 = pcall(nest, 1)
print(ok2, err2:find("overflow") ~= nil)
local ok3, err3 = pcall(string.gsub, "x", "x", function() local function r() return ("x"):gsub("x", r) end return r() end)
print(ok3, err3:find("overflow") ~= nil)
