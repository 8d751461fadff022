-- deep non-tail recursion works to depth 190000
local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
print(f(190000))
local function g(n) if n == 0 then return {} end local t = g(n - 1) t[#t + 1] = n return t end
print(#g(10000))
local function sum(t, i) if i > #t then return 0 end return t[i] + sum(t, i + 1) end
local arr = {}
for i = 1, 50000 do arr[i] = 1 end
print(sum(arr, 1))
