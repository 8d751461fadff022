-- comparison operators and their results
print(1 < 2, 2 < 1, 1 <= 1, 1 > 1, 1 >= 1, 1 == 1, 1 ~= 1)
print("a" < "b", "a" < "B", "abc" < "abd", "" < "a", "a" < "aa")
print("Z" < "a", "10" < "9", "a\0b" < "a\0c")
print(1 == "1", "1" == 1, nil == false, 0 == false)
print(1.5 < 2, 2 < 2.5, -0.0 == 0.0, 1/0 > math.maxinteger)
print(math.huge == math.huge, -math.huge < math.mininteger)
local t1, t2 = {}, {}
print(t1 == t1, t1 == t2, t1 ~= t2)
local f = function() end
print(f == f, print == print)
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return "a" <= 1 end))
print(pcall(function() return nil > 1 end))
