-- yield from nested Lua calls, and from a function called through pcall inside pcall
local function a() return coroutine.yield("from a") .. "!" end
local function b() return "b(" .. a() .. ")" end
local function c() local ok, v = pcall(function() return pcall(b) end) return v end
local co = coroutine.create(function() return c() end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resumed"))
local co2 = coroutine.wrap(function()
  local t = {}
  for i = 1, 3 do t[i] = select(2, pcall(coroutine.yield, i)) end
  return table.concat(t, ",")
end)
print(co2(), co2("x"), co2("y"), co2("z"))
