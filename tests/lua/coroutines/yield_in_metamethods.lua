-- yield inside metamethods called by the interpreter
local mt = {
  __index = function(t, k) return coroutine.yield("index " .. k) end,
  __newindex = function(t, k, v) coroutine.yield("newindex " .. k); rawset(t, k, v) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __le = function(a, b) return coroutine.yield("le") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __len = function(a) return coroutine.yield("len") end,
  __unm = function(a) return coroutine.yield("unm") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
}
local a = setmetatable({}, mt)
local b = setmetatable({}, mt)
local co = coroutine.wrap(function()
  local results = {}
  results[#results + 1] = a.foo
  a.bar = "set"
  results[#results + 1] = rawget(a, "bar")
  results[#results + 1] = a + 1
  results[#results + 1] = tostring(a < b)
  results[#results + 1] = tostring(a <= b)
  results[#results + 1] = a .. "x"
  results[#results + 1] = tostring(a == b)
  results[#results + 1] = #a
  results[#results + 1] = -a
  results[#results + 1] = a("arg")
  return table.concat(results, ",")
end)
print(co())
print(co("r1"))
print(co())
print(co("r3"))
print(co(true))
print(co(false))
print(co("r6"))
print(co(1))
print(co("r8"))
print(co("r9"))
print(co("r10"))
