-- modifying the control variable or limit inside the loop does not change iteration
local out = {}
for i = 1, 5 do
  out[#out + 1] = i
  i = i * 100
end
print(table.concat(out, " "))
local limit = 3
out = {}
for i = 1, limit do limit = 100; out[#out + 1] = i end
print(table.concat(out, " "))
local step = 1
out = {}
for i = 1, 6, step do step = 3; out[#out + 1] = i end
print(table.concat(out, " "))
local t = {1, 2, 3}
out = {}
for i = 1, #t do t[#t + 1] = i; out[#out + 1] = i end
print(table.concat(out, " "), #t)
