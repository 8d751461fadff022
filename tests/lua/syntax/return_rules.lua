-- return must be the last statement of a block
local function f(x)
  if x then return "early" end
  do return "from do" end
end
print(f(true), f(false))
print(load("return 1; print(2)") == nil)
print(load("return;") ~= nil, load("return 1;") ~= nil)
local function g() return end
print(select("#", g()))
local function h() return nil end
print(select("#", h()))
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
print(select("#", many()))
local function paren() return (many()) end
print(select("#", paren()))
local function tailcall() return many() end
print(tailcall())
print(load("do return end print('x')") ~= nil)
print(load("if x then return end local y = 1") ~= nil)
