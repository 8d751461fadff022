-- # on strings counts bytes
print(#"", #"a", #"abc", #"\0\0\0", #"\u{10FFFF}", #"é")
local s = string.rep("ab", 500)
print(#s, #(s .. s))
print(#[[
x]], #"\z
   ")
local t = "hello"
print(#t == t:len(), #t == string.len(t))
print(pcall(function() return #nil end))
print(pcall(function() local n = 5 return #n end))
print(pcall(function() return #true end))
