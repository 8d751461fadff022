-- upvalues captured through several levels of nesting
local function level1()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function()
        a = a + 1; b = b + 1; c = c + 1
        return a + b + c
      end
    end
  end
end
local f = level1()()()
print(f(), f(), f())
local function outer()
  local x = 0
  local function mid()
    local function inner() x = x + 1; return x end
    return inner
  end
  return mid(), mid(), function() return x end
end
local i1, i2, get = outer()
i1(); i2(); i1()
print(get())
