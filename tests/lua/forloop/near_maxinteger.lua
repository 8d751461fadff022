-- integer loops near the limits, as lua5.3 runs them: the control variable is
-- incremented with wraparound before the limit test, so a loop whose limit is
-- math.maxinteger (or whose last step overflows) does not stop there.
-- Every loop here is cut off with break after a few iterations.
local max, min = math.maxinteger, math.mininteger
local function run(init, limit, step, cap)
  local seen = {}
  for i = init, limit, step do
    seen[#seen + 1] = tostring(i)
    if #seen >= cap then seen[#seen + 1] = "(cut)" break end
  end
  print(table.concat(seen, " "))
end
run(max - 2, max, 1, 5)
run(min + 2, min, -1, 5)
run(max - 10, max, 5, 5)
run(max - 10, max - 1, 5, 5)      -- stops: max - 10, max - 5, then max + 0 > limit
run(1, max, max // 2, 5)
run(max, max, 1, 3)
run(min, min, -1, 3)
run(max - 1, math.huge, 1, 4)      -- float limit clipped to maxinteger
run(-3, -math.huge, -1, 4)         -- clipped to mininteger
run(0, 2^63, 1, 3)
run(1, 3.0e30, 1e30, 5)            -- float step: float loop
run(max - 3, max - 1, 1, 5)         -- ends normally
run(min + 3, min + 1, -1, 5)
run(1, -2^63 - 1e5, 1, 3)          -- limit below mininteger: loop does not run
run(-1, 2^64, -1, 3)               -- limit above maxinteger with negative step: does not run
