-- str_gsub: pattern matching over a generated text: gsub with string,
-- capture-reference, function and table replacements, gmatch iteration,
-- find and match with captures and anchors.
-- Size: number of text lines.
-- Quick: 500  (small size for smoke tests; the default below is the benchmark size)
-- Check: replacement and match counts against closed forms.
local n = tonumber(arg and arg[1]) or 150000

local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" }
local lines = {}
for i = 1, n do
  local w1, w2 = words[i % 8 + 1], words[(i * 3) % 8 + 1]
  lines[i] = string.format("%s=%d; %s=%d; the quick brown fox %d jumps", w1, i, w2, i * 7, i % 100)
end
local text = table.concat(lines, "\n")

-- 1. Plain word replacement.
local r1, c1 = string.gsub(text, "fox", "dog")
if c1 ~= n then error("str_gsub: fox count " .. c1) end

-- 2. Swap key=value pairs with capture references.
local _, c2 = string.gsub(text, "(%a+)=(%d+)", "%2=%1")
if c2 ~= 2 * n then error("str_gsub: pair count " .. c2) end

-- 3. Function replacement: sum every number in the text.
local numsum = 0
local _, c3 = string.gsub(r1, "%d+", function(d) numsum = numsum + tonumber(d) end)
local expect_sum = 0
for i = 1, n do expect_sum = expect_sum + i + i * 7 + i % 100 end
if c3 ~= 3 * n or numsum ~= expect_sum then
  error(string.format("str_gsub: %d numbers summing to %.0f, expected %d and %.0f", c3, numsum, 3 * n, expect_sum))
end

-- 4. Table replacement of whole words.
local upper = { quick = "QUICK", brown = "BROWN", jumps = "JUMPS" }
local r4, c4 = string.gsub(text, "%a+", upper)
if c4 ~= 7 * n then error("str_gsub: word count " .. c4) end
local _, c4b = string.gsub(r4, "QUICK BROWN", "")
if c4b ~= n then error("str_gsub: table replacement count " .. c4b) end

-- 5. gmatch over lines with anchored captures.
local matched = 0
for line in string.gmatch(text, "[^\n]+") do
  local k, v = string.match(line, "^(%a+)=(%d+);")
  if k and tonumber(v) then matched = matched + 1 end
end
if matched ~= n then error("str_gsub: gmatch lines " .. matched) end

-- 6. Plain and pattern find per line.
local found = 0
for i = 1, n do
  local line = lines[i]
  if string.find(line, "brown", 1, true) and string.find(line, "%d+ jumps$") then found = found + 1 end
end
if found ~= n then error("str_gsub: find count " .. found) end

print(string.format("ok str_gsub n=%d bytes=%d", n, #text))
