-- labels are visible in the block where they are defined and nested blocks (not nested functions)
local out = {}
do
  local n = 0
  ::again::
  n = n + 1
  do
    do
      if n < 3 then goto again end
    end
  end
  out[#out + 1] = n
end
print(out[1])
-- same label name in different functions and sibling blocks
local function f() goto x; do return "skipped" end ::x:: return "f reached x" end
local function g() do goto x end ::x:: return "g reached x" end
print(f(), g())
do ::same:: end
do ::same:: end
print("sibling labels ok")
-- goto at the end of a block targeting a label after nested function definitions
local fns = {}
local k = 1
::loop::
fns[k] = function() return k end
k = k + 1
if k <= 2 then goto loop end
print(fns[1](), fns[2]())
