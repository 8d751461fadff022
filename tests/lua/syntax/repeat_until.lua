-- repeat-until: the condition sees locals declared in the body
local i = 0
repeat
  local j = i * 2
  i = i + 1
until j >= 6
print(i)
local n = 0
repeat n = n + 1 until n == 3
print(n)
-- body runs at least once
local ran = false
repeat ran = true until true
print(ran)
-- closure capturing a body local used in until
local fs = {}
local k = 0
repeat
  local x = k
  fs[#fs + 1] = function() return x end
  k = k + 1
until x >= 2
print(fs[1](), fs[2](), fs[3]())
-- break inside repeat
local c = 0
repeat c = c + 1; if c == 5 then break end until false
print(c)
-- nested repeat
local out = {}
local a = 0
repeat
  local b = 0
  repeat b = b + 1; out[#out + 1] = a .. b until b == 2
  a = a + 1
until a == 2
print(table.concat(out, " "))
