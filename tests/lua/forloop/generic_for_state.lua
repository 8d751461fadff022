-- generic for evaluates the explist once and passes state and control to the iterator
local calls = 0
local function explist() calls = calls + 1; return function(s, c) if c < s then return c + 1 end end, 3, 0 end
local out = {}
for v in explist() do out[#out + 1] = v end
print(table.concat(out, " "), calls)
print(pcall(function() for v in 5 do end end))
print(pcall(function() for v in nil do end end))
print(pcall(function() local t = {} for v in t do end end))
local iter = setmetatable({}, {__call = function(self, s, c) if c < 2 then return c + 1 end end})
out = {}
for v in iter, nil, 0 do out[#out + 1] = v end
print(table.concat(out, " "))
