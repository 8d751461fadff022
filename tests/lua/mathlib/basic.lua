-- math library: integer/float subtypes of results (Lua 5.3.6)
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "number" then
      if v ~= v then t[i] = "nan" else t[i] = math.type(v) .. ":" .. tostring(v) end
    else
      t[i] = tostring(v)
    end
  end
  print(table.concat(t, " ", 1, t.n))
end

show(math.floor(3.7), math.floor(-3.7), math.floor(5), math.floor(-0.0), math.floor(2^62), math.floor(2^63), math.floor(-2^63))
show(math.ceil(3.2), math.ceil(-3.2), math.ceil(5), math.ceil(2^70), math.ceil(-0.5))
show(math.floor("3.7"), math.ceil("2"), math.floor(1/0), math.ceil(-1/0))
show(math.abs(-3), math.abs(3.5), math.abs(-0.0), math.abs(math.mininteger), math.abs("-3"), math.abs(-1/0))
show(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7, -3), math.fmod(math.mininteger, -1))
show(math.fmod(7.5, 2), math.fmod(-7.5, 2), math.fmod(7, 2.5), math.fmod(1, 1/0), math.fmod(math.mininteger, math.maxinteger))
show(math.fmod(5, 0.0), math.fmod(1/0, 2))
show(math.modf(3.5), math.modf(-2.5), math.modf(5), math.modf(-3e23))
show(math.modf(1/0))
show(math.modf(-1/0))
show(math.modf(math.mininteger))
show(math.modf(2^53 + 0.0))
show(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger("x"), math.tointeger({}), math.tointeger(2^63), math.tointeger(-2^63))
show(math.type(1), math.type(1.0), math.type("1"), math.type(nil), math.type({}))
show(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), math.ult(math.maxinteger, math.mininteger))
show(math.max(1, 2.0), math.max(2.0, 1), math.max(3, 3.0), math.max(3.0, 3), math.max(-1), math.max("a"), math.max(1, 5, 3))
show(math.min(1, 2.0), math.min(2.0, 1), math.min(3, 3.0), math.min(3.0, 3), math.min(4, -2, 9), math.min(math.mininteger, 0.0))
show(math.huge, -math.huge, math.pi, math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
show(math.sqrt(16), math.sqrt(2), math.sqrt(4.0), math.exp(0), math.log(1), math.log(8, 2), math.log(100, 10), math.log(27, 3))
show(math.log(1024, 2), math.log(0.001, 10), math.log(0), math.log(2, 2.0))
show(math.sin(0), math.cos(0), math.tan(0), math.asin(1), math.acos(1), math.atan(1), math.atan(1, -1), math.atan(-0.0, -1))
show(math.atan(0, 0), math.atan(1, 0), math.atan(-1, 0), math.atan("1", "2"))
show(math.deg(math.pi), math.rad(180), math.deg(1), math.rad(1))
show(math.sin(1), math.cos(1), math.tan(1), math.exp(1), math.log(10))
print(math.sqrt(-1) ~= math.sqrt(-1), math.acos(2) ~= math.acos(2), math.log(-1) ~= math.log(-1))
-- floor/ceil of values around 2^63
for _, x in ipairs{2^63 - 1024, -2^63, 2^63, -2^63 - 2048, 0.5, -0.5, 1e308} do
  show(x, math.floor(x), math.ceil(x))
end
