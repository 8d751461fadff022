-- goto-based loop: a local after the label is fresh every time
local fs = {}
local i = 1
::top::
local x = i * 10
fs[i] = function() return x end
i = i + 1
if i <= 3 then goto top end
print(fs[1](), fs[2](), fs[3]())
