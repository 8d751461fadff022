-- debug.getlocal / debug.setlocal: named locals, temporaries, varargs, levels
local function f(a, b, ...)
  local x = a + b
  for i = 1, 7 do
    local n, v = debug.getlocal(1, i)
    if n == nil then print(i, "nil") break end
    print(i, n, v)
  end
  print(debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print(debug.setlocal(1, -2, "V2"), select(2, ...))
  print(debug.setlocal(1, 3, 100), x)
  print(debug.setlocal(1, 50, 1))
  print(debug.getlocal(1, 0))
  return x
end
print(f(1, 2, "va", "vb"))

local function g() return 1 end
print(debug.getlocal(g, 1))
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
print(debug.getlocal(print, 1))

-- the caller's locals
local function setter()
  print(debug.setlocal(2, 1, "changed"))
  print(debug.getlocal(2, 1))
end
local function owner()
  local mine = "orig"
  setter()
  return mine
end
print(owner())

-- native frames: temporaries are the arguments
local function viasort()
  local seen
  table.sort({ 3, 1 }, function(p, q)
    if not seen then seen = { debug.getlocal(2, 1) } end
    return p < q
  end)
  print(seen[1], type(seen[2]))
end
viasort()

-- block scopes
local function scopes()
  local outer = 1
  do
    local inner = 2
    print(debug.getlocal(1, 1), (debug.getlocal(1, 2)), (debug.getlocal(1, 3)))
  end
  print((debug.getlocal(1, 2)))
end
scopes()

print(pcall(debug.getlocal, 100, 1))
print(pcall(debug.setlocal, 100, 1, 1))
print(pcall(debug.setlocal, 1, 1))
print(pcall(debug.getlocal, 1))
print(pcall(debug.getlocal, 1, "x"))

-- coroutine locals
local co = coroutine.create(function(p)
  local q = p * 2
  coroutine.yield()
  return p, q
end)
coroutine.resume(co, 5)
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.setlocal(co, 1, 2, 99))
print(coroutine.resume(co))
print(pcall(debug.getlocal, co, 5, 1))
