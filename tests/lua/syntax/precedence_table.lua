-- all binary operators grouped by priority (low to high):
-- or / and / < > <= >= ~= == / | / ~ / & / << >> / .. / + - / * / // % / unary / ^
local exprs = {
  "1 or 2 and 3", "1 and 2 or 3", "2 < 3 == true", "1 | 2 < 4",
  "6 ~ 3 | 1", "6 & 3 ~ 1", "1 << 2 & 7", "'1' .. 2 << 1", "1 + 2 .. 3",
  "1 + 2 * 3", "7 // 2 * 2", "-2 ^ 2", "not 2 ^ 2", "#'ab' ^ 2", "2 ^ 3 ^ 2",
  "-2 ^ -2 ^ 2", "1 .. 2 .. 3", "2 * 3 % 4", "7 % 4 // 1", "~1 ~ 1", "- - 2",
  "1 < 2 and 3 > 2 or false", "1 ~= 1.0", "'a' < 'b' == true",
}
for _, e in ipairs(exprs) do
  print(e, pcall(load("return " .. e)))
end
