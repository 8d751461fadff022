-- line numbers in syntax errors count \n, \r, \r\n and \n\r as one line each
local function err(src) return select(2, load(src)) end
print(err("\n\n\nx = "))
print(err("x = 1\ny = 2\nz = = 3"))
print(err("x = 1\r\ny = 2\r\nz = = 3"))
print(err("x = 1\ry = 2\rz = = 3"))
print(err("x = 1\n\ry = 2\n\rz = = 3"))
print(err("x = [[\n\n\n]] y = = 1"))
print(err("--[[\n\n]] x = = 1"))
print(err("x = 'a\\\nb' y = = 1"))
print(err("x = 'a\\z\n\n  b' y = = 1"))
print(err("function f()\n\n\n\nreturn 1\n\n"))
print(err("local t = {\n1,\n2,\n\n"))
print(err("x = (\n1\n+\n"))
