-- os.time with tables (normalisation via mktime), os.difftime, and field errors.
-- Results that depend on the local time zone are compared with os.date round trips.
local t0 = os.time({year = 2000, month = 1, day = 1, hour = 0})
local d = os.date("*t", t0)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday)
-- normalisation: the table is updated with the normalized fields
local t = {year = 2000, month = 14, day = -3, hour = 25, min = 61, sec = 61}
local r = os.time(t)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday)
local back = os.date("*t", r)
print(back.year == t.year, back.month == t.month, back.day == t.day, back.hour == t.hour)
-- default hour is 12
local noon = os.time({year = 2010, month = 6, day = 15})
print(os.date("*t", noon).hour, os.date("*t", noon).min, os.date("*t", noon).sec)
print(os.time({year = 2010, month = 6, day = 15, hour = 13}) - noon)
print(os.time({year = "2010", month = "6", day = 15.0, hour = 12}) == noon)
print(math.type(os.time()), math.type(os.time({year = 2020, month = 2, day = 30})))
print(os.difftime(10, 3), os.difftime(3, 10), math.type(os.difftime(0, 0)), os.difftime(2^40, 0))
local function try(...) print(pcall(os.time, ...)) end
try({})
try({year = 2000})
try({year = 2000, month = 1})
try({year = 2000, month = 1, day = 1, hour = "x"})
try({year = 2000, month = 1, day = 1.5})
try({year = 2000, month = 1, day = 2^40})
try({year = 2000, month = -2^31, day = 1})
try(1)
try("x")
print(pcall(os.difftime, 1))
print(pcall(os.difftime))
print(pcall(os.difftime, 1.5, 1))
