-- upvalues are closed correctly when goto leaves or repeats a block
local fs = {}
do
  local i = 1
  ::start::
  do
    local captured = i * 10
    fs[i] = function() return captured end
    i = i + 1
    if i <= 3 then goto start end
  end
end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for i = 1, 3 do
  local v = i
  gs[i] = function() v = v + 100; return v end
  if i < 3 then goto cont end
  ::cont::
end
print(gs[1](), gs[2](), gs[3](), gs[1]())
