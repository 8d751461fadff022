-- backslash followed by a real newline inserts a newline
local s = "a\
b"
print(s, #s, s:byte(2))
local t = 'x\
\
y'
print(#t)
print("one\
two" == "one\ntwo")
