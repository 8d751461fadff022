-- Option strings that lua5.3's C code reads as C strings: luaL_checkoption (strcmp),
-- os.date's "*t" test (strcmp), lua_getinfo's options and sethook's mask (strchr), the
-- pack formats and io.read formats (walked to the NUL): an embedded NUL ends them.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = type(v) == "string" and (v:gsub("%z", "\\0")) or (type(v) == "table" or type(v) == "function") and type(v) or tostring(v)
  end
  print(table.concat(t, " | ", 1, t.n))
end
local function try(...) show(pcall(...)) end

-- luaL_checkoption
try(function() return math.type(collectgarbage("count\0junk")) end)
try(collectgarbage, "isrunning\0")
try(collectgarbage, "\0count")
try(collectgarbage, "step\0x", 0)
try(os.setlocale, nil, "all\0x")
try(os.setlocale, "C", "numeric\0")
try(os.setlocale, "C", "\0numeric")
local tf = io.tmpfile()
tf:write("abc")
try(tf.seek, tf, "cur\0x")
try(tf.seek, tf, "set\0", 1)
try(tf.seek, tf, "\0cur")
try(tf.setvbuf, tf, "line\0x")
try(tf.setvbuf, tf, "no\0")
tf:close()

-- os.date: "*t" / "!*t" compared as C strings; other formats use the whole string
try(function() return type(os.date("*t\0", 0)) end)
try(function() return os.date("!*t\0junk", 0).year end)
try(os.date, "!%Y\0%m", 0)
try(os.date, "!*T\0", 0)

-- debug.getinfo options and debug.sethook masks
try(function() local i = debug.getinfo(1, "S\0l"); return i.what, i.currentline end)
try(function() return debug.getinfo(print, "S\0>").what end)
try(debug.getinfo, 1, "\0x")
local log = {}
debug.sethook(function(e) log[#log + 1] = e end, "l\0c")
local _ = math.abs(1)
local mask = select(2, debug.gethook())
debug.sethook()
show(mask, #log > 0, log[1])
debug.sethook(function() end, "\0crl")
show(select(2, debug.gethook()))
debug.sethook()

-- pack formats
try(string.pack, "i4\0i4", 1, 2)
try(string.packsize, "i4\0i8")
try(string.unpack, "i1\0i1", "\1\2")
try(string.pack, "\0i4", 1)

-- io.read formats
local n = os.tmpname()
local f = assert(io.open(n, "w"))
f:write("first line\n12 rest\n")
f:close()
f = assert(io.open(n))
try(f.read, f, "l\0x")
try(f.read, f, "n\0")
try(f.read, f, "*a\0l")
f:close()
os.remove(n)
