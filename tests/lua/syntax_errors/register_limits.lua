-- expressions needing too many registers
local function try(src)
  local f, err = load(src)
  if f then print("ok") else print(err) end
end
local args = {}
for i = 1, 300 do args[i] = tostring(i) end
try("print(" .. table.concat(args, ",", 1, 240) .. ")")
try("f(" .. table.concat(args, ",") .. ")")
try("return " .. table.concat(args, ","))
try("local t = {" .. table.concat(args, ",") .. "}")
local list = {}
for i = 1, 260 do list[i] = "a" .. i end
try("local a = 1; " .. table.concat(list, ",") .. " = 1")
-- a function with many constants is fine
local consts = {}
for i = 1, 70000 do consts[i] = "x[" .. i .. "]=" .. i .. ".5" end
try("local x = {} " .. table.concat(consts, " "))
