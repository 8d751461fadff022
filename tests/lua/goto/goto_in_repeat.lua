-- goto with repeat-until: the until expression sees body locals
local n = 0
repeat
  local done = n >= 3
  n = n + 1
  if not done then goto cont end
  print("reached end with n =", n)
  ::cont::
until done
print(n)
