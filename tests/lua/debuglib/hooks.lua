-- debug.sethook / debug.gethook: call, return, tail call, line and count events
local ev = {}
local function rec(e, l)
  local i = debug.getinfo(2, "nS")
  ev[#ev + 1] = e .. ":" .. tostring(l) .. ":" .. tostring(i.name) .. ":" .. i.what
end
local function flush(title)
  print(title, #ev)
  for _, s in ipairs(ev) do print("", s) end
  ev = {}
end

local function add(a, b) return a + b end
local function tail(n) if n == 0 then return 0 end return tail(n - 1) end

debug.sethook(rec, "cr")
add(1, 2)
tail(2)
math.abs(-1)
debug.sethook()
flush("call/return")

debug.sethook(rec, "l")
local x = 1
if x > 0 then x = 2 else x = 3 end
for i = 1, 2 do
  x = x + i
end
add(1, 2)
debug.sethook()
flush("lines")

local n = 0
debug.sethook(function(e) n = n + 1 end, "", 10)
for i = 1, 100 do local y = i * 2 end
debug.sethook()
print("count hook ran", n > 0)

-- gethook
print(debug.gethook())
local h = function() end
debug.sethook(h, "crl", 5)
local f, m, c = debug.gethook()
debug.sethook()
print(f == h, m, c)
debug.sethook(h, "", 3)
f, m, c = debug.gethook()
debug.sethook()
print(f == h, m, c)
print(debug.gethook())

-- hooks of another thread
local co = coroutine.create(function()
  local a = 1
  coroutine.yield()
  a = 2
end)
local lines = {}
debug.sethook(co, function(e, l) lines[#lines + 1] = l end, "l")
print(debug.gethook() == nil, debug.gethook(co) ~= nil)
coroutine.resume(co)
coroutine.resume(co)
print(table.concat(lines, ","))

-- errors inside a hook propagate; hooks are off while a hook runs
local fired = false
local ok, msg = pcall(function()
  debug.sethook(function() if not fired then fired = true; error("from hook") end end, "c")
  add(1, 2)
end)
debug.sethook()
print(ok, msg)
local depth = 0
debug.sethook(function() depth = depth + 1; local z = math.abs(1) end, "c")
add(1, 1)
debug.sethook()
print("hook calls", depth)

print(pcall(debug.sethook, 1, "c"))
print(pcall(debug.sethook, print))
