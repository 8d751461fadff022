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

trace("call_args_lines", [[print(
  type
  (
   1
  )
)
]])
trace("call_method", [[local s = "abc"
local n = s
  :upper
  (
  )
local m = s:rep(2,
  "-")
]])
trace("call_string_table_args", [[local f = function(x) return x end
f"a"
f
{1,
 2}
f
"b"
]])
trace("call_chain", [[local t = {f = function(self) return self end}
t.f(t)
  .f(t)
t
  .f
  (t)
]])
trace("call_nested", [[local function id(...) return ... end
local x = id(id(1),
  id(2,
    3), id(
    4))
]])
trace("tailcall", [[local function g(x) return x end
local function f(x)
  return g(
    x)
end
return f(1)
]])
trace("call_stmt_multi", [[local t = {}
local function f() return 1, 2 end
t.a, t.b = f()
local p, q = f(
)
]])
-- (no C function in tail position: lua5.3's line hook sees the Return after such a
-- TailCall, ravi's VM returns from the TailCall directly)
trace("call_vararg", [[local function v(...)
  local a, b = ...
  local n = select('#',
    ...)
  return n
end
v(1,
  2)
]])
