-- limit of 200 local variables per function
local function locals(n, prefix)
  local t = {}
  for i = 1, n do t[#t + 1] = "local a" .. i .. " = " .. i end
  return (prefix or "") .. table.concat(t, "\n")
end
print(load(locals(200)) ~= nil)
print(select(2, load(locals(201))))
print(select(2, load("local function f()\n" .. locals(201) .. "\nend")))
print(select(2, load("x = 1\nlocal function f()\nlocal function g()\n" .. locals(250) .. "\nend end")))
-- locals declared in one statement
local names = {}
for i = 1, 201 do names[i] = "v" .. i end
print(select(2, load("local " .. table.concat(names, ", "))))
-- for loops use hidden locals too
print(select(2, load(locals(198) .. "\nfor i = 1, 2 do end")))
print(load(locals(196) .. "\nfor i = 1, 2 do end") ~= nil)
-- parameters count as locals
print(select(2, load("local function f(" .. table.concat(names, ", ") .. ") end")))
