-- deep nesting in source is a syntax error, not a crash
local function rep(s, n) return string.rep(s, n) end
local function try(src)
  local f, err = load(src)
  if f then print("ok") else print(err) end
end
try("return " .. rep("(", 150) .. "1" .. rep(")", 150))
try("return " .. rep("(", 300) .. "1" .. rep(")", 300))
try("return " .. rep("{", 150) .. rep("}", 150))
try("return " .. rep("{", 300) .. rep("}", 300))
try(rep("do ", 150) .. rep("end ", 150))
try(rep("do ", 300) .. rep("end ", 300))
try("x = " .. rep("- ", 150) .. "1")
try("x = " .. rep("- ", 300) .. "1")
try("x = " .. rep("not ", 300) .. "1")
try(rep("if x then ", 300) .. rep("end ", 300))
try("return " .. rep("f(", 300) .. rep(")", 300))
try("x = 1" .. rep(" .. 1", 300))
try("x = 2" .. rep(" ^ 2", 300))
try("x = " .. rep("function() return ", 300) .. "1" .. rep(" end", 300))
try("x = a" .. rep(".b", 1000))
try("x = 1" .. rep(" + 1", 1000))
