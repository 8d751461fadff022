-- each iteration of a loop creates fresh locals
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for _, v in ipairs({"a", "b", "c"}) do gs[#gs + 1] = function() return v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local i = 1
while i <= 3 do
  local j = i
  hs[i] = function() j = j + 10; return j end
  i = i + 1
end
print(hs[1](), hs[1](), hs[2](), hs[3]())
local ks = {}
local n = 0
repeat
  n = n + 1
  local m = n * 100
  ks[n] = function() return m end
until n == 3
print(ks[1](), ks[2](), ks[3]())
-- a local declared before the loop is shared
local shared = {}
local s = 0
for i = 1, 3 do s = i; shared[i] = function() return s end end
print(shared[1](), shared[2](), shared[3]())
-- modifying the loop copy inside a closure does not affect the loop
local ls = {}
for i = 1, 3 do ls[i] = function() i = i + 1; return i end end
print(ls[1](), ls[1](), ls[2]())
