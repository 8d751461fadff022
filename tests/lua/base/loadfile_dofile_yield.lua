-- dofile is yieldable (5.3 writes it with lua_callk): the loaded chunk may yield to a
-- coroutine around dofile. loadfile/dofile skip a UTF-8 BOM and a first '#' line (also
-- before a binary chunk).

local file = os.tmpname()
local function write(s)
  local f = assert(io.open(file, "wb"))
  f:write(s)
  f:close()
end

-- 1. coroutine.wrap(dofile)
write[[
local x = coroutine.yield(10)
local y = coroutine.yield(x + 1)
return x, y, "done"
]]
local co = coroutine.wrap(dofile)
print(co(file))
print(co(20))
print(co(30))

-- an error after a yield propagates through dofile
write[[
coroutine.yield("first")
error("late error", 0)
]]
co = coroutine.create(dofile)
print(coroutine.resume(co, file))
print(coroutine.resume(co))
print(coroutine.status(co))

-- dofile results and a plain call
write("return 1, 2, 3")
print(dofile(file))
print(select("#", dofile(file)))

-- 2. BOM and initial comment
local function test(s)
  write(s)
  local f, msg = loadfile(file)
  if f then print(f()) else print("error", (msg:gsub("^[^:]*:", "FILE:"))) end
end
test("\xEF\xBB\xBF# some comment\nreturn 234")
test("\xEF\xBB\xBFreturn 239")
test("\xEF\xBB\xBF")
test("# a non-ending comment")
test("# a comment\nreturn require'debug'.getinfo(1).currentline")
test("\xEF\xBB\xBF# c\nreturn require'debug'.getinfo(1).currentline")
test("#comment\0\n" .. string.dump(function () return 20, "\0\0\0" end))
test("\xEF\xBB\xBF" .. string.dump(function () return 21 end))
test("\xEF\xBB\xBF\xEF\xBB\xBFreturn 1")

os.remove(file)
