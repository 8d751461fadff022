-- while loops and if/elseif/else chains
local i, s = 0, 0
while i < 10 do i = i + 1; s = s + i end
print(i, s)
while false do print("never") end
local function classify(n)
  if n < 0 then return "negative"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "large" end
end
print(classify(-5), classify(0), classify(5), classify(50))
if nil then print("no") elseif false then print("no") else print("else branch") end
if 0 then print("0 is true") end
if "" then print("empty string is true") end
local x = 0
while true do x = x + 1; if x > 3 then break end end
print(x)
-- nested while with break only leaving the inner loop
local out = {}
local a = 0
while a < 3 do
  a = a + 1
  local b = 0
  while true do b = b + 1; if b > a then break end; out[#out + 1] = a * 10 + b end
end
print(table.concat(out, ","))
do local y = 5; print(y) end
print(y)
