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

trace("if_then_newline", [[if
math.sin(1)
then
  a=1
else
  a=2
end
]])
trace("if_nil", [[--
if nil then
  a=1
else
  a=2
end
]])
trace("if_cmp", [[local x, y = 1,
  2
if x <
   y
then
  x = 3
elseif x ==
  5 then
  x = 4
end
]])
trace("if_elseif_chain", [[local v = 3
if v == 1 then
  r = 'a'
elseif v == 2
then
  r = 'b'
elseif
  v == 3 then r = 'c'
  r = r .. 'd'
else
  r = 'e'
end
]])
trace("if_and_or", [[local a, b, c = 1, nil, 3
if a and
   b or
   c
then
  x = 1
end
if not a
then x = 2 end
]])
trace("if_empty_blocks", [[local a = 1
if a then
elseif a then
else
end
if a then else
  a = 2
end
]])
trace("if_goto", [[local i = 0
::top::
i = i + 1
if i < 3 then goto top end
if i == 3 then
  goto done
end
i = 10
::done::
]])
trace("if_call_cond", [[local function f(x)
  return x
end
if f(
  1)
then
  local z = 1
end
if f(nil) then z = 2 else
  z = 3
end
]])
