-- os: date formats (UTC, fixed times), invalid conversions, *t/!*t fields, time normalisation and field errors, difftime, setlocale, execute, remove/rename errors
local function san(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local ty = type(t[i])
    if ty == "table" or ty == "function" or ty == "userdata" or ty == "thread" then t[i] = ty end
  end
  return table.unpack(t, 1, t.n)
end
local function p(...) print(san(pcall(...))) end
local t0 = 86400 * 365 + 3600 * 5 + 61
for _, f in ipairs{"%a %A %b %B %c", "%d %D %e %F %g %G %h %H %I %j %m %M %n %p %r %R %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%", "%Ec %EC %Ex %EX %Ey %EY %Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW %Oy", "", "plain", "%C %s"} do
  p(os.date, "!" .. f, t0)
end
for _, f in ipairs{"%", "%q", "%E", "%Ez", "%O", "%Oz", "%5d", "%-d", "%_d", "%0d", "%#x", "%:z", "%P", "%k", "%l", "%+", "%i", "%J", "%f", "%Ea", "%OY"} do p(os.date, "!" .. f, t0) end
local d = os.date("!*t", t0) local ks = {} for k in pairs(d) do ks[#ks+1] = k end table.sort(ks) for _, k in ipairs(ks) do io.write(k, "=", tostring(d[k]), " ") end print()
d = os.date("*t", t0) print(type(d.isdst))
p(os.date, "!*t", 2^60) p(os.date, "!%Y", -2^40) p(os.date, "!%Y", 1.5) p(os.date, "!%Y", "x") p(os.date, 1) p(os.date, "!%Y", 2^55)
p(os.date, "!%Y", -62167219200) p(os.date, "!%c", 253402300799) p(os.date, "!%c", 253402300800)
p(os.time, {year=2000, month=1, day=1, hour=12}) p(os.time, {year=2000, month=1}) p(os.time, {year=2000, day=1}) p(os.time, {month=1, day=1})
p(os.time, {year=2000, month=14, day=40, hour=-5, min=70, sec=-3}) p(os.time, {year="2000", month=1, day=1}) p(os.time, {year=2000.5, month=1, day=1})
p(os.time, {year=2000, month="x", day=1}) p(os.time, {year=2^40, month=1, day=1}) p(os.time, {year=-2^31, month=1, day=1}) p(os.time, {year=2000, month=2^31, day=1})
p(os.time, {year=2000, month=1, day=1, isdst=true}) p(os.time, 1) p(os.time, {year=1e100, month=1, day=1})
p(os.time, {year=2000, month=1, day=1, sec=2^31}) p(os.time, {year=2000, month=1, day=1, sec=-2^31-1})
local tt = {year=2000, month=14, day=40, hour=-5, min=70, sec=-3} os.time(tt) ks = {} for k in pairs(tt) do ks[#ks+1] = k end table.sort(ks) for _, k in ipairs(ks) do io.write(k, "=", tostring(tt[k]), " ") end print()
p(os.difftime, 10, 5) p(os.difftime, 10) p(os.difftime) p(os.difftime, 1.5, 0.5) p(os.difftime, "10", 1) p(os.difftime, {}, 1)
p(os.getenv, "NO_SUCH_VAR_XYZ") p(os.getenv)
p(os.setlocale) p(os.setlocale, "C") p(os.setlocale, nil, "all") p(os.setlocale, "C", "numeric") p(os.setlocale, "xx_XX") p(os.setlocale, "C", "bogus") p(os.setlocale, nil, "ctype") p(os.setlocale, "POSIX", "time")
p(os.setlocale, nil, "monetary")
p(os.execute) p(os.execute, "exit 3") p(os.execute, "kill -9 $$") p(os.execute, "true") p(os.execute, "exit 300")
p(os.remove, "/nonexistent") p(os.remove, "/") p(os.rename, "/nonexistent", "/tmp/x") p(os.remove)
print(type(os.clock()), math.type(os.time()), type(os.tmpname()))
p(os.exit, "x")
