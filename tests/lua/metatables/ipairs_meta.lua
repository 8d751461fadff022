-- ipairs respects __index in 5.3 (and Debian's build still has __ipairs)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end
print()
local t = setmetatable({}, {__ipairs = function(self)
  return function(_, i) if i < 2 then return i + 1, "custom" end end, self, 0
end})
for i, v in ipairs(t) do io.write(i, "=", v, " ") end
print()
local mixed = setmetatable({1, 2}, {__index = {nil, nil, 3, 4}})
local out = {}
for i, v in ipairs(mixed) do out[#out + 1] = v end
print(table.concat(out, ","))
