-- nested numeric loops and break
local pairs_found = {}
for i = 1, 5 do
  for j = i, 5 do
    if (i + j) % 4 == 0 then pairs_found[#pairs_found + 1] = i .. "+" .. j end
  end
end
print(table.concat(pairs_found, " "))
local primes = {}
for n = 2, 50 do
  local prime = true
  for d = 2, n - 1 do
    if d * d > n then break end
    if n % d == 0 then prime = false; break end
  end
  if prime then primes[#primes + 1] = n end
end
print(table.concat(primes, " "))
local count = 0
for a = 1, 100 do for b = 1, 100 do count = count + 1 end end
print(count)
