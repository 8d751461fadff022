-- memory accounting reacts to allocation and collection
collectgarbage()
local before = collectgarbage("count")
local keep = {}
for i = 1, 100000 do keep[i] = {i} end
local during = collectgarbage("count")
print(during > before + 1000)
keep = nil
collectgarbage()
collectgarbage()
local after = collectgarbage("count")
print(after < during / 2)
local s = string.rep("x", 1000000)
print(collectgarbage("count") > after + 900)
s = nil
collectgarbage()
print(collectgarbage("count") < after + 100)
