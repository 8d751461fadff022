-- binary-trees: allocate and walk many complete binary trees
-- (Benchmarks Game structure: stretch tree, long-lived tree, many short-lived trees).
-- Measures: table allocation with constructors, garbage collection, recursion.
-- Size: maximum depth.
-- Quick: 6  (small size for smoke tests; the default below is the benchmark size)
-- Check: a tree of depth d has 2^(d+1)-1 nodes; every count is compared with that.
local n = tonumber(arg and arg[1]) or 15

local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottom_up(depth), bottom_up(depth) }
end

local function item_check(tree)
  if tree[1] then
    return 1 + item_check(tree[1]) + item_check(tree[2])
  end
  return 1
end

local function nodes(depth) return 2 ^ (depth + 1) - 1 end

local mindepth = 4
local maxdepth = mindepth + 2
if maxdepth < n then maxdepth = n end

local lines = 0
do
  local stretch = maxdepth + 1
  local check = item_check(bottom_up(stretch))
  if check ~= nodes(stretch) then error("binary_trees: stretch tree check " .. check) end
  lines = lines + 1
end

local longlived = bottom_up(maxdepth)

for depth = mindepth, maxdepth, 2 do
  local iters = 2 ^ (maxdepth - depth + mindepth)
  local check = 0
  for _ = 1, iters do
    check = check + item_check(bottom_up(depth))
  end
  if check ~= iters * nodes(depth) then
    error(string.format("binary_trees: depth %d check %d, expected %d", depth, check, iters * nodes(depth)))
  end
  lines = lines + 1
end

local check = item_check(longlived)
if check ~= nodes(maxdepth) then error("binary_trees: long lived tree check " .. check) end
print(string.format("ok binary_trees n=%d lines=%d longlived=%d", n, lines + 1, check))
