-- a zero step is not an error in Lua 5.3 ('for' step is zero is 5.4):
-- with step 0 the loop test is "limit <= i", so the loop either never runs
-- (init < limit) or never ends (init >= limit). Endless ones are cut with break.
local function run(init, limit, step)
  local n, last = 0, nil
  for i = init, limit, step do
    n = n + 1; last = i
    if n == 4 then break end
  end
  print(init, limit, step, n, last)
end
run(1, 10, 0)
run(1.0, 10, 0)
run(1, 10, 0.0)
run(10, 1, 0)
run(5, 5, 0)
run(10.5, 1, 0.0)
local z = 0
print(pcall(function() for i = 10, 1, z do break end return "ok" end))
print(pcall(function() for i = 1, 10, -0.0 do return "ran" end return "did not run" end))
