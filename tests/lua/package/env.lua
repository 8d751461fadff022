-- LUA_PATH_5_3 / LUA_PATH / LUA_CPATH environment variables (";;" is the default path)
-- (RAVI_RUNNER, e.g. qemu, is inherited from the test harness when it sets one)
local interp = (os.getenv("RAVI_RUNNER") or "") .. " " .. arg[-1]
local function run(env, code)
  local p = io.popen(env .. " " .. interp .. " -e '" .. code .. "'")
  local out = p:read("a")
  p:close()
  -- the default cpath holds the machine's multiarch triplet (x86_64-linux-gnu, ...)
  io.write((out:gsub("/usr/lib/[%w_]+%-linux%-gnu/", "/usr/lib/MULTIARCH/")))
end
local unset = "env -u LUA_PATH -u LUA_PATH_5_3 -u LUA_CPATH -u LUA_CPATH_5_3"
run(unset, "print(package.path) print(package.cpath)")
run(unset .. " LUA_PATH=\"/x/?.lua;;\"", "print(package.path)")
run(unset .. " LUA_PATH_5_3=\"a;;b\" LUA_PATH=zzz", "print(package.path)")
run(unset .. " LUA_PATH_5_3=\";;\"", "print(package.path)")
run(unset .. " LUA_PATH=\"only\" LUA_CPATH=\"/c/?.so;;\"", "print(package.path) print(package.cpath)")
run(unset .. " LUA_PATH=", "print(package.path == \"\")")
