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

trace("err_arith", [[local a = {}
local b = 1
local c = b
  + a
]])
trace("err_call", [[local x
x
(
1)
]])
trace("err_index", [[local t = nil
local v = 1 +
  t
  .x
]])
trace("err_global_call", [[local y = 1
nope
  .field(y)
]])
trace("err_concat", [[local a = "x"
local s = a ..
  {} ..
  "y"
]])
trace("err_compare", [[local a = 1 <
  {}
]])
trace("err_unm", [[local a = -
  {}
]])
trace("err_method", [[local s = 1
s
  :foo()
]])
trace("err_setindex", [[local t
t.x
  =
  1
]])
trace("err_for", [[for i = 1,
  "x" do
end
]])
