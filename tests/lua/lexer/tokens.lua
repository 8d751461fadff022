-- operator tokens written without spaces
local a, b = 7, 3
print(a+-b, a- -b, a-b, a*b, a/b, a//b, a%b, a^b)
print(a==b, a~=b, a<b, a<=b, a>b, a>=b)
print(a&b, a|b, a~b, ~a, a<<b, a>>b)
print(a..b, -a, not a, #"abc")
print(1--[[comment]]+1)
print(2^-1, -2^2, 2^-2)
local t = {[1]=1,[2]=2;3}
print(t[1], #t)
print(a~=b and"yes"or"no")
local s="x"..'y'..[[z]]
print(s)
print(5//0.0, -5//0.0)
print(3 .. "")
print(a>>1<<1)
