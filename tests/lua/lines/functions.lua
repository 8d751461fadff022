-- Line information: traces the lines a line hook sees while each chunk runs (only the
-- chunk's own functions), the active lines of the main function, and the error message
-- (runtime error positions). Expectations come from lua5.3.
local function trace(name, src)
  local f = assert(load(src, "=" .. name))
  local out = {}
  local function hook(ev, line)
    if debug.getinfo(2, "S").source == "=" .. name then out[#out + 1] = line end
  end
  local al, act = debug.getinfo(f, "L").activelines, {}
  for l in pairs(al) do act[#act + 1] = l end
  table.sort(act)
  debug.sethook(hook, "l"); local ok, err = pcall(f); debug.sethook()
  print(name .. ": " .. table.concat(out, " ") .. " | " .. table.concat(act, " ")
        .. (ok and "" or " | " .. tostring(err)))
end

trace("func_global", [[function f(x)
  return x
end
f(1)
]])
trace("func_local", [[local function g(x)
  return x
end
local h = function(y)
  return y
end
g(1) h(2)
]])
trace("func_field_method", [[local t = {a = {}}
function t.a.f(x)
  return x
end
function t.a
  :m(x)
  return self
end
t.a.f(1) t.a:m(2)
]])
trace("func_upvals", [[local u = 1
local function f()
  u = u + 1
  return u
end
f()
local g = function() return function() return u end end
g()()
]])
trace("func_empty", [[local function f() end
local function g()
end
f() g()
]])
trace("func_nested_def", [[local function outer()
  local function inner(a,
    b)
    return a
  end
  return inner(1,
    2)
end
outer()
]])
trace("func_global_oneline", [[function F() return 1 end F()
function G()
  return 2 end G()
]])
