-- closures created in the same scope share upvalues
local function make()
  local n = 0
  local function inc() n = n + 1; return n end
  local function get() return n end
  local function set(v) n = v end
  return inc, get, set
end
local inc, get, set = make()
inc(); inc()
print(get())
set(100)
print(inc(), get())
local inc2, get2 = make()
print(inc2(), get(), get2())
-- sharing survives after the enclosing function returned, and is seen by the outer scope
local x = 1
local f = function() x = x + 1 end
f(); f()
print(x)
local g = function() return x end
x = 50
print(g())
