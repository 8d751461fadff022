-- load with a reader function returning pieces
local pieces = {"ret", "urn ", "1 +", " 2", nil}
local i = 0
local f = load(function() i = i + 1; return pieces[i] end)
print(f())
local parts = {"local t = {}", " for i = 1, 3 do t[i] = i * i end", " return table.concat(t, ',')"}
local j = 0
print(load(function() j = j + 1; return parts[j] end)())
print(type(load(function() return nil end)))
local once = false
print(load(function() if once then return "" end once = true; return "return 'empty string ends'" end)())
local num = false
print(load(function() if num then return nil end num = true; return 1 end))
-- (lua.c's message handler is still active while load runs the reader, so these
-- messages carry a traceback after the first line; only the first line is checked)
local function first(f, e) return f, (e:match("^[^\n]*")) end
print(first(load(function() return {} end)))
print(first(load(function() error("reader failed") end)))
local chars = "return 'char by char'"
local p = 0
print(load(function() p = p + 1; return chars:sub(p, p) ~= "" and chars:sub(p, p) or nil end)())
