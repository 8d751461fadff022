-- Untyped twin of typed_tables.ravi (same program without the annotations).
--
--
local function msg(ok, e)
  if ok then return "ok" end
  return (tostring(e):gsub("^[^:]*:(%d+):", "line %1:"))
end

-- present keys: read, overwritten in place, constants stored
local t = { x = 1, y = 2.5, [1] = "one", [2] = "two" }
t.x = t.x + 10
t.y = "why"
t.z = true
local i = 2
print(t.x, t.y, t.z, t[1], t[i], t[i + 1])
t[i] = "TWO"; t[i + 1] = "three"; t[-5] = "neg"; t[1000] = "big"
print(t[i], t[3], t[-5], t[1000], #t)

-- missing keys with __index / __newindex functions
local log = {}
local mt = {
  __index = function(tab, k) log[#log + 1] = "get " .. tostring(k); return k .. "!" end,
  __newindex = function(tab, k, v) log[#log + 1] = "set " .. tostring(k); rawset(tab, k, v) end,
}
local m = setmetatable({ present = "here" }, mt)
print(m.present, m.absent, m[i], m[-1])
m.present = "still"     -- present: no __newindex
m.fresh = 1             -- missing: __newindex, then raw
m.fresh = 2             -- present now: no __newindex
m[i] = "two"            -- missing integer key
m[i] = "again"
m.present = nil         -- clears the value; the key is missing again
m.present = "back"      -- __newindex once more
print(m.present, m.fresh, m[i], table.concat(log, ","))

-- __index / __newindex tables, chained
local base = { inherited = "from base", [7] = "seven" }
local mid = setmetatable({}, { __index = base })
local store = {}
local c = setmetatable({}, { __index = mid, __newindex = store })
local seven = 7
print(c.inherited, c[seven], c.nothing, c[seven + 1])
c.put = "stored"; c[seven] = "s7"
print(rawget(c, "put"), store.put, store[7], c.put, c[seven])

-- methods through TSelf: own field, __index table, __index function
local Class = {}
Class.__index = Class
function Class.name(self) return "class method of " .. self.tag end
local obj = setmetatable({ tag = "obj" }, Class)
obj.own = function(self, a) return "own " .. self.tag .. " " .. a end
print(obj:own(1), obj:name())
local dyn = setmetatable({ tag = "dyn" }, { __index = function(_, k)
  return function(self, a) return k .. " on " .. self.tag .. " " .. tostring(a) end end })
print(dyn:anything(3))

-- errors on the missing-key paths: a bad __index, an erroring one, missing methods
local bad = setmetatable({}, { __index = 5 })
print(msg(pcall(function() return bad.x end)))
print(msg(pcall(function() return bad[i] end)))
local nowrite = setmetatable({}, { __newindex = "nope" })
print(msg(pcall(function() nowrite.x = 1 end)))
print(msg(pcall(function() nowrite[i] = 1 end)))
local boom = setmetatable({}, { __index = function(_, k) error("no field " .. k) end })
print(msg(pcall(function() return boom.x end)))
local plain = {}
print(msg(pcall(function() return plain:nomethod() end)))
print(msg(pcall(function() return plain.a.b end)))
print(msg(pcall(function() plain.a.b = 1 end)))
print(msg(pcall(function() return plain[i].b end)))
-- integer keys that are floats elsewhere are the same key
plain[2.0] = "float key"
print(plain[i], rawget(plain, 2))

-- __index that yields inside a coroutine (the interrupted typed get completes on resume)
local ylog = {}
local yt = setmetatable({}, { __index = function(_, k) ylog[#ylog + 1] = coroutine.yield(k) return k .. "=" .. ylog[#ylog] end })
local co = coroutine.wrap(function()
  local a = yt.first
  local b = yt[i]
  local s = setmetatable({}, { __index = function(_, k) coroutine.yield("method " .. k) return function(self, x) return "m" .. x end end })
  local r = s:meth(9)
  return a, b, r
end)
print(co())
print(co("A"))
print(co("B"))
print(co())

-- the receiver expression itself typed: a table constructor and a cast
print(({ k = "lit" }).k, (c).inherited)
