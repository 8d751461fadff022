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

trace("table_lines", [[local t =
{
  1,
  2,
  x =
    3,
  [4] = 5
}
]])
trace("table_empty_newline", [[local t = {
}
local u = {}
]])
trace("table_call_items", [[local function f() return 1, 2, 3 end
local t = {
  f(),
  f()
}
local u = {f(),
  f(), n = 1}
]])
trace("table_many", [[local t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
 51, 52, 53,
}
]])
trace("table_nested", [[local a = 1
local t = {
  {a,
   a},
  k = {
    a
  },
}
]])
