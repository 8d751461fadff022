-- goto out of nested loops
local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = i .. "x" .. j; goto done end
  end
end
::done::
print(found)
local count = 0
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    count = count + 1
  end
  ::next_i::
end
print(count)
-- break and goto mixed
local log = {}
for i = 1, 3 do
  while true do
    log[#log + 1] = i
    if i == 2 then goto skip end
    break
  end
  log[#log + 1] = "after"
  ::skip::
end
print(table.concat(log, ","))
