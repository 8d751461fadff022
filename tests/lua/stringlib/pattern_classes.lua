-- character classes and sets
local s = "Ab1 _.\t\n%"
local classes = {"%a", "%d", "%l", "%u", "%s", "%w", "%p", "%c", "%x", "%A", "%D", "%S", "%W"}
for _, c in ipairs(classes) do
  local r = s:gsub(c, "*")
  io.write(c, "=", (r:gsub("\t", "\\t"):gsub("\n", "\\n")), " ")
end
print()
print(("hello123"):gsub("[aeiou]", "_"), ("hello123"):gsub("[^aeiou]", "_"))
print(("a-b-c"):gsub("[%-]", "+"), ("abc]"):gsub("[]]", "!"), ("a^b"):gsub("[%^]", "v"))
print(("0123456789abcdef"):gsub("[0-9a-c]", "."))
print(("x1y2"):gsub("[%d]", "#"), ("x1y2"):gsub("[%a%d]", "#"))
print(pcall(string.find, "x", "[a"))
print(pcall(string.find, "x", "%"))
print(pcall(string.find, "x", "(x"))
print(pcall(string.find, "x", "x)"))
