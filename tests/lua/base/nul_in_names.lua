-- File names, chunk names and modes reach the C library (and lua_load) as C strings in
-- lua5.3: an embedded NUL ends them, what follows is never seen.
local n = os.tmpname()
local f = assert(io.open(n, "w"))
f:write("return 'loaded', ...")
f:close()
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = type(v) == "string" and (v:gsub(n, "TMP"):gsub("%z", "\\0")) or type(v) == "function" and "function" or tostring(v)
  end
  print(table.concat(t, " | ", 1, t.n))
end

-- loadfile / dofile: the name is cut, the chunk name too
show(loadfile(n .. "\0junk")("arg"))
show(debug.getinfo(loadfile(n .. "\0junk"), "S").source:sub(1, 1))
show(debug.getinfo(loadfile(n .. "\0junk"), "S").source == "@" .. n)
show(dofile(n .. "\0zzz"))
show(loadfile(n, "t\0b"))
show(loadfile(n, "b\0t"))
show(loadfile(n .. "x\0" .. n))

-- load: mode and chunk name
show(load("return 1", "=name\0rest", "t\0b")())
show(load(string.dump(function() end), "=n", "t\0b"))
show(load("return 1", "=n", "b\0t"))
show(debug.getinfo(load("return 1", "=name\0rest"), "S").source)
show(debug.getinfo(load("return 1", "@file\0.lua"), "S").short_src)
show(load("x =", "=name\0rest"))
show(pcall(load("error('e')", "@f\0.lua")))
-- the default chunk name is the source itself, cut at its NUL
show(load(function() return nil end, "rd\0x"))
show(debug.getinfo(load(function() return nil end, "=rd\0x"), "S").source)

-- io.open / io.lines / io.popen
local g = io.open(n .. "\0other")
show(g and g:read("a"))
if g then g:close() end
for l in io.lines(n .. "\0x") do show("line", l) end
local h, e = io.open(n, "r\0w")
show(h ~= nil, e)
if h then h:close() end
local p = io.popen("echo hi\0 and more", "r\0x")
show(p:read("a"))
p:close()

-- os
show(os.getenv("HOME\0junk") == os.getenv("HOME"))
show(os.date("!%Y\0%m", 0))
show(os.rename(n .. "\0a", n .. ".2\0b"))
show(io.open(n) == nil, io.open(n .. ".2") ~= nil)
show(os.remove(n .. ".2\0junk"))
show(io.open(n .. ".2") == nil)
