-- string.gmatch iteration
local words = {}
for w in ("the quick brown fox"):gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, " ") end
print()
local n = 0
for _ in ("aaa"):gmatch("") do n = n + 1 end
print(n)
for pos in ("abc"):gmatch("()") do io.write(pos, " ") end
print()
local nums = {}
for d in ("10 -3 7.5 x 42"):gmatch("%-?%d+%.?%d*") do nums[#nums + 1] = tonumber(d) end
print(table.concat(nums, " "))
local it = ("x y"):gmatch("%a")
print(it(), it(), it())
for a, b in ("ab cd ef"):gmatch("(%a)(%a)") do io.write(b, a, " ") end
print()
