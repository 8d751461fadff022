-- Mutation robustness driver (run by tests/robustness.rs): feeds the loader randomly
-- corrupted binary chunks (string.dump output with bytes changed, dropped or inserted)
-- and randomly corrupted source text, and runs whatever loads under pcall with an
-- instruction budget. Any Lua error is a pass; the process must exit normally: a panic,
-- abort, crash or hang is the failure this looks for.
-- Usage: ravi mutations.lua FIRST_SEED COUNT [ITERATIONS]
local first = tonumber(arg[1]) or 1
local count = tonumber(arg[2]) or 1
local iters = tonumber(arg[3]) or 3000

local sources = {
  "local a, b = ... local t = {} for i = 1, 10 do t[i] = (a or 1) * i + (b or 2) end return #t, t[3]",
  "local s = 0 for _, v in ipairs({...}) do s = s + v end return s, select('#', ...)",
  "local x = ... local function g(y) return x + y end return g(1), string.rep('a', 3) .. x",
  "local s = tostring(...) return s:gsub('%w', '%0%0'), s:upper(), #s, s:find('(%d)(%d?)')",
  "local n = ... local a, b = 0, 1 for i = 1, n do a, b = b, a + b end return a",
  "local r = {} for k, v in pairs({x = 1, y = 2, 3, 4}) do r[#r + 1] = tostring(k) .. '=' .. tostring(v) end table.sort(r) return table.concat(r, ',')",
  "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return co(1), co(5)",
  "local x = ... goto l ::l:: if x > 0 then return x // 2, x % 3, x / 4, 2^x, x & 7, x << 2, ~x end return -x",
  "local t = setmetatable({}, {__index = function(t, k) return k * 2 end, __add = function(a, b) return 7 end}) return t[21], t + 1, #t",
  "local t = {1, 2, 3, n = 'x', [10] = true, ...} while #t > 0 do table.remove(t) end repeat local z = 1 until z return t.n",
  "return string.format('%5.2f|%-3d|%q', 3.14159, 42, 'a\\n\\0b'), ('x'):rep(3, ','), utf8.char(72, 228, 8364)",
  "local a <const> = 1 return a",
}

local function mutate(s)
  local b = {s:byte(1, -1)}
  for _ = 1, math.random(1, 6) do
    local op, p = math.random(3), math.random(#b + 1)
    if op == 1 and p <= #b then b[p] = math.random(0, 255)
    elseif op == 2 and p <= #b then table.remove(b, p)
    else table.insert(b, p, math.random(0, 255)) end
  end
  local parts = {}
  for i = 1, #b, 4000 do parts[#parts + 1] = string.char(table.unpack(b, i, math.min(i + 3999, #b))) end
  return table.concat(parts)
end

local function try(chunk, mode)
  local f = load(chunk, "=mutant", mode)
  if not f then return 0 end
  debug.sethook(function() error("budget") end, "", 100000)
  pcall(f, 3, 4, 5)
  debug.sethook()
  return 1
end

local dumps = {}
for i, s in ipairs(sources) do
  local f = load(s)
  if f then dumps[#dumps + 1] = string.dump(f) end
  dumps[#dumps + 1] = string.dump(assert(load(s:gsub("<const>", ""))), true)
end

local loaded_bin, loaded_src = 0, 0
for seed = first, first + count - 1 do
  math.randomseed(seed)
  for _ = 1, iters do
    loaded_bin = loaded_bin + try(mutate(dumps[math.random(#dumps)]), "b")
    loaded_src = loaded_src + try(mutate(sources[math.random(#sources)]), "t")
  end
end
print(string.format("seeds %d..%d: %d binary and %d source mutants loaded",
  first, first + count - 1, loaded_bin, loaded_src))
