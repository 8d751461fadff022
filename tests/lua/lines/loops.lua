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

trace("while_basic", [[local a
a=1
while a<=3 do
  a=a+1
end
]])
trace("while_break", [[while math.sin(1) do
  if math.sin(1)
  then break
  end
end
a=1]])
trace("while_newlines", [[local i = 0
while
  i
  <
  2
do
  i = i + 1
end
]])
trace("repeat_basic", [[a=1
repeat
  a=a+1
until a==3
]])
trace("repeat_local", [[local n = 0
repeat
  local k = n + 1
  n = k
until
  k >= 2
]])
trace("numfor", [[for i=1,3 do
  a=i
end
]])
trace("numfor_oneline", [[for i=1,4 do a=1 end]])
trace("numfor_step", [[local s = 0
for i =
  10,
  1,
  -4
do
  s = s + i
end
]])
trace("numfor_nostep_newline", [[for i = 1,
  2 do
  b = i
end
]])
trace("genfor", [[for i,v in pairs{'a','b'} do
  a=tostring(i) .. v
end
]])
trace("genfor_newlines", [[local t = {10, 20}
for k, v
  in
  ipairs(t)
do
  s = v
end
]])
trace("loop_break_nested", [[for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then
      break
    end
  end
  if i == 2 then break end
end
]])
trace("loop_closure", [[local fs = {}
for i = 1, 2 do
  local x = i
  fs[i] = function() return x end
end
while true do
  local y = 1
  fs[3] = function() return y end
  break
end
return fs[1]() + fs[3]()
]])
