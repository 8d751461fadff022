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

trace("and_or_args", [[local a, b = 1, nil
local t = {a and b,
  a or b,
  b or a
}
print(a < 1,
  a and
  b)
]])
trace("repeat_upval", [[local fs = {}
local i = 0
repeat
  local j = i
  fs[#fs + 1] = function() return j end
  i = i + 1
until
  i >= 2
]])
trace("multi_target_lines", [[local t, u = {}, {}
t.x,
  u.y,
  t[1]
  = 1,
  2,
  3
]])
trace("long_string_lines", [[local s = [==[
a
b]==] .. "c"
local n = #s
]])
trace("break_repeat", [[local i = 0
repeat
  i = i + 1
  if i > 1 then
    break
  end
until false
]])
trace("index_key_lines", [[local t = {1, 2}
local k = 1
local v = t[
  k
  ]
t[k
 ] = t[
 2]
]])
-- (a goto to a label at the end of a block that closes upvalues: lua5.3 threads the
-- goto through the block's closing Jmp, ravi has a Close instruction there)
trace("upval_close_goto", [[local n = 0
while n < 2 do
  local x = n
  n = n + 1
  if n == 1 then
    local f = function() return x end
    goto continue
  end
  ::continue::
  n = n + 0
end
]])
trace("float_for", [[for x = 1.0,
  2.0,
  0.5 do
  y = x
end
]])
trace("string_method_call", [[local s = ("x"):rep(3)
local u = ("%d"):format(
  4)
]])
trace("nested_closure_lines", [[local function mk(a)
  return function(b)
    return a +
      b
  end
end
local f = mk(1)
return f(
  2)
]])
trace("jump_threading", [[local i = 0
while i < 4 do
  i = i + 1
  if i % 2 == 0 then
    x = i
  end
end
local j = 0
repeat
  j = j + 1
  if j == 1 then
    y = 1
  else
    y = 2
  end
until j >= 2
]])
