-- mandelbrot: escape-time iteration over an n x n grid of the complex plane.
-- Measures: float arithmetic and comparisons in tight nested numeric for loops.
-- Size: n (grid width and height).
-- Quick: 64  (small size for smoke tests; the default below is the benchmark size)
-- Check: the grid is symmetric about the real axis (Ci of row y is exactly
-- -Ci of row n-1-y), so mirrored rows must have identical counts; the total
-- is also compared with known values for a few sizes.
local n = tonumber(arg and arg[1]) or 1500

-- [n] = points inside the set (agreed by lua5.3, lua5.4 and luajit)
local KNOWN = { [16] = 102, [64] = 1632, [100] = 3996, [600] = 142884, [1200] = 571388, [1500] = 892934 }

local function mandel(w)
  local h = w
  local iter = 50
  local rowcount = {}
  local total = 0
  for y = 0, h - 1 do
    local ci = (2 * y - (h - 1)) / h
    local cnt = 0
    for x = 0, w - 1 do
      local cr = 2.0 * x / w - 1.5
      local zr, zi, zrq, ziq = 0.0, 0.0, 0.0, 0.0
      local inside = 1
      for _ = 1, iter do
        local zri = zr * zi
        zr = zrq - ziq + cr
        zi = zri + zri + ci
        zrq = zr * zr
        ziq = zi * zi
        if zrq + ziq > 4.0 then
          inside = 0
          break
        end
      end
      cnt = cnt + inside
    end
    rowcount[y] = cnt
    total = total + cnt
  end
  return total, rowcount
end

local total, rows = mandel(n)
for y = 0, n - 1 do
  if rows[y] ~= rows[n - 1 - y] then
    error(string.format("mandelbrot: row %d has %d points, mirrored row %d has %d",
      y, rows[y], n - 1 - y, rows[n - 1 - y]))
  end
end
if total <= 0 or total >= n * n then
  error("mandelbrot: implausible total " .. tostring(total))
end
if KNOWN[n] and KNOWN[n] ~= total then
  error(string.format("mandelbrot: n=%d total %d, expected %d", n, total, KNOWN[n]))
end
print(string.format("ok mandelbrot n=%d inside=%d", n, total))
