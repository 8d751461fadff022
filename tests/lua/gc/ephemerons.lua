-- ephemeron tables: a value referring to its own key does not keep the key alive
local e = setmetatable({}, {__mode = "k"})
do
  local k = {}
  e[k] = {ref = k}           -- value references the key
end
local kept = {}
e[kept] = {ref = kept}
-- chain: k1 -> v1 refers to k2 -> v2 ...
local chain_head = {}
local cur = chain_head
for i = 1, 5 do
  local nextk = {}
  e[cur] = {nextkey = nextk}
  cur = nextk
end
collectgarbage()
local n = 0
for _ in pairs(e) do n = n + 1 end
print(n)                      -- kept + 5 chain entries reachable from chain_head
chain_head = nil
collectgarbage()
n = 0
for _ in pairs(e) do n = n + 1 end
print(n)
