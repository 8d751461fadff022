-- string comparison is bytewise (C locale), embedded zeros included
local list = {"b", "a", "B", "A", "ab", "aB", "", "a\0", "a\0b", "~", " ", "10", "9", "\255", "\1"}
table.sort(list)
local out = {}
for i, s in ipairs(list) do out[i] = (s:gsub("%z", "\\0"):gsub("[^%w%s\\~]", function(c) return "<" .. c:byte() .. ">" end)) end
print(table.concat(out, "|"))
print("a" < "b", "a" <= "a", "b" > "a", "abc" > "abd", "" < "\0")
print("a\0a" < "a\0b", "a\0" > "a", "a" == "a\0")
print(("x"):rep(100) < ("x"):rep(101), ("x"):rep(100) == ("x"):rep(100))
print("Z" < "a", "z" > "A")
