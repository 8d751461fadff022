-- \z skips the following whitespace, including newlines
local s = "abc\z
           def"
print(s, #s)
local t = "x\z   y\z

           z"
print(t)
print("a\z" .. "b")
print(#"\z   ")
local u = "1\z
  \z
  2"
print(u)
print("line1\n\z
       line2")
