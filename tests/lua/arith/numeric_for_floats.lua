-- float accumulation and precision in loops
local s = 0.0
for i = 1, 10 do s = s + 0.1 end
print(s, s == 1.0, math.abs(s - 1.0) < 1e-15)
local n = 0
for x = 0, 1, 0.25 do n = n + 1 end
print(n)
local acc = 0
for i = 1, 100 do acc = acc + i / 3 end
print(string.format("%.10f", acc))
local p = 1.0
for i = 1, 30 do p = p * 2 end
print(p, math.type(p))
local ip = 1
for i = 1, 30 do ip = ip * 2 end
print(ip, math.type(ip))
