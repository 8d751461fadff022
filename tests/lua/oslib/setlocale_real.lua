-- os.setlocale calls the C library's setlocale: names other than "C" exist (C.UTF-8 is
-- built into glibc), a category can be set alone, a query answers the current name,
-- an unknown locale answers nil and changes nothing. ("" reads the environment: not
-- tested, the result would depend on LANG/LC_*.)
print(os.setlocale())
print(os.setlocale(nil, "all"), os.setlocale(nil, "numeric"), os.setlocale(nil, "time"))

-- a whole locale
print(os.setlocale("C.UTF-8"))
print(os.setlocale())
for _, c in ipairs{"collate", "ctype", "monetary", "numeric", "time"} do
  print(c, os.setlocale(nil, c))
end

-- back to C, then one category alone
print(os.setlocale("C"), os.setlocale())
print(os.setlocale("C.UTF-8", "ctype"), os.setlocale(nil, "ctype"), os.setlocale(nil, "numeric"))
-- the LC_ALL name is now a composite (its exact spelling is glibc's): only its parts
local all = os.setlocale()
print(all ~= "C", all:find("LC_CTYPE=C.UTF-8", 1, true) ~= nil, all:find("LC_NUMERIC=C;", 1, true) ~= nil)
print(os.setlocale("POSIX", "ctype"), os.setlocale(nil, "ctype"))
print(os.setlocale("C", "ctype"), os.setlocale())

-- unknown locales fail and leave the current one alone
print(os.setlocale("C.UTF-8", "time"))
print(os.setlocale("xx_YY.nonexistent", "time"), os.setlocale(nil, "time"))
print(os.setlocale("xx_YY"), os.setlocale(nil, "time"))

-- an embedded NUL ends the name (C string)
print(os.setlocale("C\0garbage"), os.setlocale())

-- numbers still print with '.', whatever the locale
os.setlocale("C.UTF-8")
print(1.5, string.format("%.3f", 2.25), tonumber("3.5"), 10 / 4)
print(os.setlocale("C"))

-- argument errors
print(pcall(os.setlocale, {}))
print(pcall(os.setlocale, "C", "everything"))
print(pcall(os.setlocale, "C", 1))
print(os.setlocale(12))
