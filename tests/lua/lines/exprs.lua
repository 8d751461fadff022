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

trace("arith_op_lines", [[local a, b = 2, 3
local c = a
  +
  b
local d = a *
  b -
  c
local e = -
  a
local f = #
  "xx"
local g = ~a
]])
trace("arith_infix_discharge", [[local t = {x = 1}
local r = t.x
  + t.x
r = t.x
  ..
  t.x
  ..
  "z"
]])
trace("compare_value", [[local a, b = 1, 2
local c = a <
  b
local d = a == b
  or
  a ~= b
local e = not
  a
local f = not (a
  < b)
]])
trace("and_or_value", [[local a, b = nil, 2
local x = a and
  b
local y = a or
  b or
  3
local z = (a or b) and
  (b or a)
]])
trace("constfold", [[local a = 1 +
  2
local b = 2 ^
  0.5
local c = -
  3
local d = 10 //
  0.0
local e = 1 //
  0
]])
trace("globals_index", [[x = 1
y = x
  + 1
local t = {a = {b = {}}}
t.a
 .b
 .c = x
t
 [1]
 = t.a
 .b
]])
trace("concat_multi", [[local a = "a"
local s = a ..
  "b" ..
  a ..
  "c"
]])
trace("paren_vararg", [[local function f(...)
  local x = (
    ...)
  local t = {...
  }
  return x, #t
end
f(1, 2)
]])
