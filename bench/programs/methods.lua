-- methods: object-oriented code with metatables: method calls through
-- __index (one and two levels of inheritance), self field access, small
-- object allocation, polymorphic dispatch over a mixed array.
-- Size: number of passes over the shape array.
-- Quick: 200  (small size for smoke tests; the default below is the benchmark size)
-- Check: results compared with the same sums computed without methods.
local n = tonumber(arg and arg[1]) or 60000

-- Class helpers -------------------------------------------------------------
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

local Shape = class()
function Shape.new(cls, w, h) return setmetatable({ w = w, h = h, hits = 0 }, cls) end
function Shape:touch() self.hits = self.hits + 1 end
function Shape:weight() return self:area() + self:perimeter() end

local Rect = class(Shape)
function Rect:area() return self.w * self.h end
function Rect:perimeter() return 2 * (self.w + self.h) end

local Square = class(Rect)           -- two levels: Square -> Rect -> Shape
function Square:area() return self.w * self.w end

local Tri = class(Shape)             -- right triangle with even legs
function Tri:area() return self.w * self.h / 2 end
function Tri:perimeter() return self.w + self.h + self.h end

local Counter = class()
function Counter.new() return setmetatable({ value = 0 }, Counter) end
function Counter:add(x) self.value = self.value + x; return self end
function Counter:get() return self.value end

local Vec = class()
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec:plus(o) return Vec.new(self.x + o.x, self.y + o.y) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end

-- Workload ------------------------------------------------------------------
local shapes = {}
local M = 100
for i = 1, M do
  local k = i % 3
  local w, h = 2 * (i % 7 + 1), 2 * (i % 5 + 1)
  if k == 0 then shapes[i] = Shape.new(Rect, w, h)
  elseif k == 1 then shapes[i] = Shape.new(Square, w, w)
  else shapes[i] = Shape.new(Tri, w, h) end
end

-- Expected per-pass sum, computed directly from the fields.
local per_pass = 0
for i = 1, M do
  local s, k = shapes[i], i % 3
  local w, h = s.w, s.h
  if k == 0 then per_pass = per_pass + w * h + 2 * (w + h)
  elseif k == 1 then per_pass = per_pass + w * w + 2 * (w + w)
  else per_pass = per_pass + w * h / 2 + w + h + h end
end

local counter = Counter.new()
local acc = Vec.new(0, 0)
local unit = Vec.new(1, 2)
for _ = 1, n do
  for i = 1, M do
    local s = shapes[i]
    s:touch()
    counter:add(s:weight())
  end
  acc = acc:plus(unit)
end

if counter:get() ~= per_pass * n then
  error(string.format("methods: total %s, expected %s", tostring(counter:get()), tostring(per_pass * n)))
end
for i = 1, M do
  if shapes[i].hits ~= n then error("methods: shape " .. i .. " touched " .. shapes[i].hits .. " times") end
end
if acc:dot(unit) ~= 5 * n then error("methods: vector dot " .. tostring(acc:dot(unit))) end
print(string.format("ok methods n=%d total=%.0f", n, counter:get()))
