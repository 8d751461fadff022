-- Error positions in functions without line information (string.dump with strip) read
-- "?:-1:" as in lua5.3; variable names after the constant limit (more than 255
-- constants) are still found: globals through _ENV and method names.

local function try(f, ...)
  local ok, msg = pcall(f, ...)
  print(ok, msg)
end

do
  local f = function (a) return a + 1 end
  f = assert(load(string.dump(f, true)))
  print(f(3))
  try(f, {})
  f = function () local a; a = {}; return a + 2 end
  f = assert(load(string.dump(f, true)))
  try(f)
  -- error() in a stripped function: level 1 has no line, so no position is added
  f = assert(load(string.dump(function () error("boom") end, true)))
  try(f)
  f = assert(load(string.dump(function () error("boom", 2) end, true)))
  try(f)
end

local t = {}
for i = 1, 1000 do
  t[i] = "a = x" .. i
end
local s = table.concat(t, "; ")
t = nil
for _, tail in ipairs{
  "; a = bbb + 1",
  "; local t = {}; a = t.bbb + 1",
  "; local t = {}; t:bbb()",
  "; bbb()",
  "; local t = {}; t.x.y = 1",
  "; a = " .. string.rep("z", 50) .. " .. 'x'",
} do
  try(load(s .. tail, "=big"))
  try(load("local _ENV=_ENV;" .. s .. tail, "=big"))
end
