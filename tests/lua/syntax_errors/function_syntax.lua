-- function definition syntax errors and valid forms
local bad = {
  "function f(a,) end", "function f(1) end", "function a:b:c() end",
  "function (x) end", "local function a.b() end", "function f(a b) end",
  "function f(...,) end", "function f() return end end", "f = function end",
  "function f.() end", "function f:() end", "local function f", "function t[1]() end",
}
for _, src in ipairs(bad) do
  print(select(2, load(src)))
end
local good = {
  "function f() end", "function f(...) end", "function f(a, ...) end",
  "function a.b.c:d(x) end", "local function f(a, b, c) end", "f = function(...) return ... end",
  "function f() return; end", "local f = function() end f()",
}
for _, src in ipairs(good) do print(load(src) ~= nil) end
