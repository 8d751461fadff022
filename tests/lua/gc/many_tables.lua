-- allocating 10 million short-lived tables finishes in bounded memory
local sum = 0
for i = 1, 10000000 do
  local t = {i}
  sum = sum + t[1]
end
print(sum)
print(collectgarbage("count") < 64 * 1024)
