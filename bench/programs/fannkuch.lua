-- fannkuch-redux: count pancake flips over all permutations of 1..n
-- (permutations generated in the Benchmarks Game order, with its checksum).
-- Measures: small integer arrays, swaps, integer compare/branch-heavy loops.
-- Size: n (permutation length, 7..12 are checked against known results).
-- Quick: 7  (small size for smoke tests; the default below is the benchmark size)
local n = tonumber(arg and arg[1]) or 10

-- [n] = { checksum, maxflips }
local KNOWN = {
  [3] = { 2, 2 }, [4] = { 4, 4 }, [5] = { 11, 7 }, [6] = { 49, 10 },
  [7] = { 228, 16 }, [8] = { 1616, 22 }, [9] = { 8629, 30 },
  [10] = { 73196, 38 }, [11] = { 556355, 51 }, [12] = { 3968050, 65 },
}

local function fannkuch(N)
  local perm, perm1, count = {}, {}, {}
  for i = 1, N do perm1[i] = i; perm[i] = i; count[i] = 0 end
  local maxflips, checksum, permcount = 0, 0, 0
  local r = N
  while true do
    while r ~= 1 do
      count[r] = r
      r = r - 1
    end
    -- Count the flips of this permutation.
    for i = 1, N do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[1]
    while k ~= 1 do
      local i, j = 1, k
      while i < j do
        perm[i], perm[j] = perm[j], perm[i]
        i = i + 1
        j = j - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > maxflips then maxflips = flips end
    if permcount % 2 == 0 then checksum = checksum + flips
    else checksum = checksum - flips end
    -- Next permutation: rotate the first r+1 elements.
    while true do
      if r == N then return checksum, maxflips end
      local perm0 = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = perm0
      count[r + 1] = count[r + 1] - 1
      if count[r + 1] > 0 then break end
      r = r + 1
    end
    permcount = permcount + 1
  end
end

local checksum, maxflips = fannkuch(n)
local k = KNOWN[n]
if not k then error("fannkuch: no known result for n=" .. tostring(n) .. " (use 3..12)") end
if checksum ~= k[1] or maxflips ~= k[2] then
  error(string.format("fannkuch: n=%d got %d/%d, expected %d/%d",
    n, checksum, maxflips, k[1], k[2]))
end
print(string.format("ok fannkuch n=%d checksum=%d maxflips=%d", n, checksum, maxflips))
