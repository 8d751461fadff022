-- matmul: dense n x n float matrix multiplication (rows as Lua arrays,
-- i-k-j loop order).
-- Measures: nested numeric for loops, array-of-arrays indexing, float multiply-add.
-- Size: n (matrix dimension).
-- Quick: 40  (small size for smoke tests; the default below is the benchmark size)
-- Check: the sum of all entries of C = A*B equals sum_k colsum(A)[k] * rowsum(B)[k],
-- and one entry is recomputed directly.
local n = tonumber(arg and arg[1]) or 400

local function matgen(N, seed)
  local m = {}
  local tmp = seed / N / N
  for i = 1, N do
    local row = {}
    for j = 1, N do row[j] = tmp * (i - j) * (i + j - 2) end
    m[i] = row
  end
  return m
end

local function matmul(a, b, N)
  local c = {}
  for i = 1, N do
    local ci = {}
    for j = 1, N do ci[j] = 0.0 end
    local ai = a[i]
    for k = 1, N do
      local aik, bk = ai[k], b[k]
      for j = 1, N do
        ci[j] = ci[j] + aik * bk[j]
      end
    end
    c[i] = ci
  end
  return c
end

local a = matgen(n, 1.0)
local b = matgen(n, 2.0)
local c = matmul(a, b, n)

local total = 0.0
for i = 1, n do
  local ci = c[i]
  for j = 1, n do total = total + ci[j] end
end
local expect = 0.0
for k = 1, n do
  local colsum, rowsum = 0.0, 0.0
  for i = 1, n do colsum = colsum + a[i][k] end
  local bk = b[k]
  for j = 1, n do rowsum = rowsum + bk[j] end
  expect = expect + colsum * rowsum
end
local scale = math.abs(expect) + 1.0
if math.abs(total - expect) > 1e-9 * scale then
  error(string.format("matmul: sum %.17g, expected %.17g", total, expect))
end
local mid = math.floor((n + 1) / 2)
local direct = 0.0
for k = 1, n do direct = direct + a[mid][k] * b[k][mid] end
if math.abs(direct - c[mid][mid]) > 1e-9 * (math.abs(direct) + 1.0) then
  error(string.format("matmul: c[%d][%d] = %.17g, expected %.17g", mid, mid, c[mid][mid], direct))
end
print(string.format("ok matmul n=%d sum=%.6e", n, total))
