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

trace("do_return", [[ do
  return
end
]])
trace("return_values", [[local function f(a)
  if a then return a,
    2
  end
  return
end
f(1) f()
]])
trace("return_semicolon", [[local function f(a)
  return a
  ;
end
f(1)
]])
trace("assign_multi", [[local a, b, c
a, b =
  1,
  2
a, b = b,
  a
c
 = a
]])
trace("assign_conflict", [[local t = {}
local i = 1
i, t[i] = i + 1,
  20
]])
trace("local_nil_lines", [[local a,
  b,
  c
local d
  =
  1
local e, f = 1
]])
trace("do_block_upval", [[do
  local x = 1
  f = function() return x end
end
local y = f()
]])
trace("goto_loop", [[local i = 1
::a::
if i > 3 then goto b end
i = i + 1
goto a
::b::
]])
trace("goto_upval", [[local i = 1
::a::
do
  local x = i
  fs = function() return x end
  i = i + 1
  if i < 3 then goto a end
end
]])
trace("break_after_stmt", [[while true do
  local x = 1
  break
end
for i = 1, 2 do
  x = i break
end
]])
trace("semicolons", [[local a = 1; ; local b = 2;
;
a = b
]])
trace("main_last_line", [[local a = 1
-- comment

]])
