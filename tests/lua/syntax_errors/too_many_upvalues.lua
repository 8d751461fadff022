-- limit of 255 upvalues per function (plus _ENV handling)
local function build(n)
  local decl, uses = {}, {}
  for i = 1, n do
    decl[#decl + 1] = ("local u%d = %d"):format(i, i)
  end
  local src = {}
  -- split declarations across nested functions to stay under 200 locals per function
  local per = 150
  local depth = 0
  for i = 1, n, per do
    src[#src + 1] = "local function level" .. depth .. "()"
    for j = i, math.min(n, i + per - 1) do src[#src + 1] = decl[j] end
    depth = depth + 1
  end
  for i = 1, n do uses[#uses + 1] = "u" .. i end
  src[#src + 1] = "local function inner() return " .. table.concat(uses, " + ") .. " end"
  src[#src + 1] = "return inner()"
  for _ = 1, depth do src[#src + 1] = "end" end
  return table.concat(src, "\n")
end
local f, err = load(build(255))
print(f ~= nil, err)
f, err = load(build(256))
print(f ~= nil, err)
f, err = load(build(300))
print(f ~= nil, err)
