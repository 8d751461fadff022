-- long brackets
local a = [[
first line
second line]]
print(a, #a)
local b = [==[
contains ]] and ]=] inside]==]
print(b)
print([[]] == "", [==[]==] == "")
print([[no escapes \n \t \\ here]])
local c = [[

starts with a blank line]]
print(#c, c:sub(1, 1) == "\n")
print([=[a]]b]=])
local d = [[line1
line2
line3]]
local n = 0
for _ in d:gmatch("\n") do n = n + 1 end
print(n)
print([[
]] == "")
print([[x
]] == "x\n")
print(#[==========[deep]==========])
