-- error positions point at the line of the failing operation
local t = {}
local function a()
  local x =
    t.missing
      .field        -- line 6
  return x
end
print(pcall(a))
local function b(v)
  return v +        -- the error is reported on the line of the operator's operands
    nil
end
print(pcall(b, 1))
local ok, e = pcall(function()
  error("explicit")
end)
print(e)
print(pcall(function() local s = "a" .. {} end))
local function c()
  return
    undefined_call()
end
print(pcall(c))
