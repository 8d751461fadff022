-- string<->number helpers used with string functions
print(tostring(12) .. "", tonumber("  12  "), tonumber("12a"), tonumber(""))
print(("%d items"):format(3), ("%5.1f%%"):format(99.44))
print(table.concat({1, 2.5, "x"}, "-"))
print(pcall(table.concat, {1, {}, 3}))
print(("abc"):rep(2):upper():reverse())
local csv = "10,20,,40"
local fields = {}
for f in (csv .. ","):gmatch("([^,]*),") do fields[#fields + 1] = f == "" and "<empty>" or f end
print(#fields, table.concat(fields, " "))
