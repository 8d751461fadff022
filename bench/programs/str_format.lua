-- str_format: string.format with a mix of %d, %5.2f, %s, %x, %05d, %-8s and %g,
-- plus sampled parse-back with string.match and tonumber.
-- Size: number of iterations.
-- Quick: 5000  (small size for smoke tests; the default below is the benchmark size)
-- Check: total output length against a closed form, and sampled parse-back.
local n = tonumber(arg and arg[1]) or 600000

local names = { "alpha", "beta", "gamma", "delta" }
local floor, format = math.floor, string.format

local function digits(i, base)
  local d = 1
  while i >= base do i = floor(i / base); d = d + 1 end
  return d
end

local total, expect = 0, 0
for i = 1, n do
  local name = names[i % 4 + 1]
  local s = format("%d %5.2f %s %x|%05d [%-8s] %g", i, i / 7, name, i, i % 1000, name, (i % 4000) / 4)
  total = total + #s
  if i % 101 == 0 then
    local a, b, c, d, e = string.match(s, "^(%d+) +([%d.]+) (%a+) (%x+)|(%d+)")
    if tonumber(a) ~= i or math.abs(tonumber(b) - i / 7) > 0.005 or c ~= name
      or tonumber(d, 16) ~= i or tonumber(e) ~= i % 1000 then
      error("str_format: parse-back failed for " .. s)
    end
  end
  -- Expected length: "%5.2f" of i/7 has floor(i/7) before the point (i/7's
  -- fraction is at most 6/7, so it never rounds up to the next integer);
  -- "%g" of (i % 4000)/4 prints it exactly (at most 5 significant digits).
  local fl = digits(floor(i / 7), 10) + 3
  if fl < 5 then fl = 5 end
  local q = (i % 4000) / 4
  local gl = digits(floor(q), 10)
  if q ~= floor(q) then gl = gl + (q * 2 == floor(q * 2) and 2 or 3) end
  expect = expect + digits(i, 10) + 1 + fl + 1 + #name + 1 + digits(i, 16) + 1 + 5 + 1 + 10 + 1 + gl
end
if total ~= expect then
  error(format("str_format: total length %d, expected %d", total, expect))
end
print(format("ok str_format n=%d length=%d", n, total))
