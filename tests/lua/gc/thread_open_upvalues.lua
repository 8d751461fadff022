-- An open upvalue does not keep its thread alive (5.3): a suspended coroutine reachable
-- only from itself is collected after two cycles (gc.lua "self-referenced threads"), and a
-- closure that outlives its dead thread keeps using the (now closed) upvalue.

-- 1. self-referenced thread with a finalized table on its stack
do
  local collected = false
  collectgarbage(); collectgarbage("stop")
  do
    local function f (param)
      ;(function ()
        param = {param, f}
        setmetatable(param, {__gc = function () collected = true end})
        coroutine.yield(100)
      end)()
    end
    local co = coroutine.create(f)
    print(coroutine.resume(co, co))
  end
  collectgarbage()
  print("after 1st cycle", collected)
  collectgarbage()
  print("after 2nd cycle", collected)
  collectgarbage("restart")
end

-- 2. closures escape a suspended coroutine that is then dropped
do
  local get, set
  local co = coroutine.create(function ()
    local x = {"value"}
    get = function () return x[1] end
    set = function (v) x = {v} end
    coroutine.yield()
    print("never")
  end)
  coroutine.resume(co)
  co = nil
  for i = 1, 3 do collectgarbage() end
  print(get())
  set("changed")
  collectgarbage()
  print(get())
  -- strings/tables made after the thread died are kept alive through the closed upvalue
  set(string.rep("z", 3))
  collectgarbage(); collectgarbage()
  print(get())
end

-- 3. many dead coroutines with open upvalues, closures kept in a weak table
do
  local keep = {}
  local weak = setmetatable({}, {__mode = "v"})
  for i = 1, 50 do
    local co = coroutine.wrap(function ()
      local t = {i}
      local function f () return t[1] end
      if i % 2 == 0 then keep[#keep + 1] = f else weak[#weak + 1] = f end
      coroutine.yield()
    end)
    co()
  end
  collectgarbage(); collectgarbage()
  local s = 0
  for _, f in ipairs(keep) do s = s + f() end
  print(#keep, s)
  local n = 0
  for _ in pairs(weak) do n = n + 1 end
  print("weak closures left", n)
end

-- 4. a live suspended coroutine keeps its open upvalues' values alive
do
  local co = coroutine.wrap(function ()
    local t = setmetatable({}, {__gc = function () print("gc t (too early?)") end})
    local function f () return t end
    coroutine.yield(f)
    print("resumed, t is a", type(t))
  end)
  local f = co()
  f = nil
  collectgarbage(); collectgarbage()
  co()
  print("done")
end
