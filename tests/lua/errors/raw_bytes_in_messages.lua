-- Error messages that quote a Lua string (an option, a __name, a file name, a format)
-- show its bytes as they are, like lua5.3's C strings, not re-encoded as UTF-8.
-- The messages are printed with %q-like escapes so the expectation is plain ASCII.
local function esc(s)
  return (tostring(s):gsub("[\128-\255]", function(c) return ("<%d>"):format(c:byte()) end))
end
local function try(...)
  local t = table.pack(pcall(...))
  for i = 1, t.n do t[i] = esc(t[i]) end
  print(table.concat(t, " | ", 1, t.n))
end

-- luaL_checkoption
try(collectgarbage, "\xff")
try(collectgarbage, "caf\xe9")
try(os.setlocale, "C", "\xe9t\xe9")
try(io.stdout.setvbuf, io.stdout, "\xc3")
local tf = io.tmpfile()
try(tf.seek, tf, "s\xe9t")
tf:close()

-- luaL_typeerror with a __name
local odd = setmetatable({}, {__name = "caf\xe9"})
try(string.rep, odd)
try(math.floor, setmetatable({}, {__name = "\xff\xfe"}))
try(string.char, setmetatable({}, {__name = "\xe2\x82"}))
try(io.lines, setmetatable({}, {__name = "\xc0"}))
local ok, e = pcall(tostring, odd)
print(ok, esc(e):match("^caf<233>: ") ~= nil)

-- os.date's conversion specifiers
try(os.date, "%\xff")
try(os.date, "%E\xff")
try(os.date, "%O\xe9")
try(os.date, "abc%\xc3\xa9")

-- file names
try(dofile, "/nonexistent/\xff.lua")
try(loadfile, "/nonexistent/caf\xe9.lua")
try(io.open, "/nonexistent/\xff")
try(io.lines, "/nonexistent/\xe9")
try(os.remove, "/nonexistent/\xe9")
try(os.rename, "/nonexistent/\xe9", "/nonexistent/x")

-- string.format and string.pack options, io.read formats
try(string.format, "%\xff", 1)
try(string.pack, "\xff")
try(string.packsize, "i\xe9")
try(io.read, "\xff")

-- messages passed through as they are
try(error, "e\xff")
try(error, "\xe9", 0)
try(load, "x\xff")
try(load, "x = '\xff")
