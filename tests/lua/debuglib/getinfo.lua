-- debug.getinfo: fields, option letters, levels, functions, errors (lua5.3)
local function show(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  local out = {}
  for _, k in ipairs(ks) do
    local v = t[k]
    if type(v) == "function" or type(v) == "table" then v = type(v) end
    out[#out + 1] = k .. "=" .. tostring(v)
  end
  print(table.concat(out, " "))
end

local function lf(a, b, ...) return a end
show(debug.getinfo(lf))
show(debug.getinfo(print))
show(debug.getinfo(lf, "S"))
show(debug.getinfo(lf, "u"))
show(debug.getinfo(print, "u"))
show(debug.getinfo(lf, "n"))
show(debug.getinfo(lf, "t"))
show(debug.getinfo(lf, "l"))
print(debug.getinfo(lf, "f").func == lf)
print(debug.getinfo(print, "L").activelines)

local function lines()
  local x = 1
  x = x + 1
  return x
end
local al = debug.getinfo(lines, "L").activelines
local ls = {}
for l in pairs(al) do ls[#ls + 1] = l end
table.sort(ls)
print("activelines", table.concat(ls, ","))

-- levels
local function inner()
  local me = debug.getinfo(1, "nSl")
  local caller = debug.getinfo(2, "nSl")
  print(me.name, me.namewhat, me.currentline, me.what, me.short_src)
  print(caller.name, caller.namewhat, caller.currentline, caller.what)
  local c = debug.getinfo(0, "nS")
  print(c.name, c.namewhat, c.what, c.short_src)
end
local function outer() inner() end
outer()
local t = { m = function(self) return debug.getinfo(1, "n") end }
local r = t:m()
print(r.name, r.namewhat)
r = t.m(t)
print(r.name, r.namewhat)
Glob = function() return debug.getinfo(1, "n") end
r = Glob()
print(r.name, r.namewhat)
local mt = setmetatable({}, { __index = function() return debug.getinfo(2, "n") end })
r = mt.x
print(r.name, r.namewhat)
local function tc() return debug.getinfo(1, "t") end
local function callstc() return tc() end
print(callstc().istailcall, tc().istailcall)
for k, v in function() return nil end do end
local it = debug.getinfo(1, "S")
print(it.what, it.linedefined, it.short_src)

print(debug.getinfo(1000), debug.getinfo(-1))
print(pcall(debug.getinfo, print, "X"))
print(pcall(debug.getinfo, 1, "S!"))
print(pcall(debug.getinfo, print, ">S"))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo, {}))

-- another thread
local co = coroutine.create(function(x) coroutine.yield(x) end)
print(debug.getinfo(co, 0))
coroutine.resume(co, 1)
local i0 = debug.getinfo(co, 0, "nS")
local i1 = debug.getinfo(co, 1, "Sl")
print(i0.what, i0.short_src, i1.what, i1.currentline, debug.getinfo(co, 2))

-- main chunk and loaded strings
local m = debug.getinfo(1, "S")
print(m.what, m.source, m.short_src, m.linedefined, m.lastlinedefined)
local f = load("return debug.getinfo(1, 'S')", "=mychunk")
local s = f()
print(s.what, s.source, s.short_src)
f = load("\n\nreturn debug.getinfo(1, 'Sl')")
s = f()
print(s.source, s.short_src, s.currentline)
