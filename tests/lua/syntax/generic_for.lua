-- generic for: iterator function, state, control variable, closing
local function range(n)
  return function(s, c)
    if c < n then return c + 1, (c + 1) * (c + 1) end
  end, nil, 0
end
for i, sq in range(4) do io.write(i, ":", sq, " ") end print()
for i, v in ipairs({"a", "b", "c"}) do io.write(i, v, " ") end print()
-- stateless iterator with explicit state
local function iter(t, i)
  i = i + 1
  if t[i] then return i, t[i] end
end
for i, v in iter, {10, 20, 30}, 0 do io.write(i, "=", v, " ") end print()
-- sorted keys for determinism
local t = {x = 1, y = 2, z = 3, w = 4}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
-- extra values from the explist are discarded, missing ones are nil
for a, b, c in function(s, c) if not c then return 1, 2 end end do print(a, b, c) end
-- break inside generic for
for i, v in ipairs({5, 6, 7, 8}) do if v == 7 then break end io.write(v, " ") end print()
-- control variable nil ends the loop even with more values
for k, v in function(s, c) if c == nil then return false, "x" end end do print(k, v) break end
-- a string method iterator
for w in ("one two three"):gmatch("%a+") do io.write("[", w, "]") end print()
