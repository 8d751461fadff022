-- catching and rethrowing errors keeps the original value
local function inner() error({msg = "inner failure"}) end
local function middle()
  local ok, e = pcall(inner)
  if not ok then e.msg = e.msg .. " (via middle)"; error(e) end
end
local ok, e = pcall(middle)
print(ok, e.msg)
local ok2, e2 = pcall(function()
  local ok, e = pcall(error, "string err")
  error(e, 0)
end)
print(ok2, e2)
local ok3, e3 = pcall(function()
  local ok, e = pcall(error, "string err")
  error(e)      -- adds a second position prefix
end)
print(ok3, e3)
