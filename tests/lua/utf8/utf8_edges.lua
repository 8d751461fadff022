-- utf8 library edge cases (5.3 semantics)
local function p(...) print(pcall(...)) end
local buf = {}
local function w(...) for i = 1, select("#", ...) do buf[#buf + 1] = tostring((select(i, ...))) end end
local function flush() print(table.concat(buf)); buf = {} end
print(utf8.char(72, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF) == "H\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}")
print(#utf8.char(0x10FFFF), utf8.char(), utf8.char(65))
p(utf8.char, 0x110000)
p(utf8.char, -1)
p(utf8.char, 65, "x")
p(utf8.char, 1.5)
print(utf8.char("66"))
print(#utf8.charpattern, utf8.charpattern == "[\0-\x7F\xC2-\xF4][\x80-\xBF]*")
-- len
print(utf8.len("hello"), utf8.len(""), utf8.len("\u{48}\u{7FF}\u{10000}"))
print(utf8.len("abc\xffdef"))
print(utf8.len("\xe4\xbd"), utf8.len("\xc0\x80"), utf8.len("\xed\xa0\x80"))
print(utf8.len("\xf4\x90\x80\x80"), utf8.len("\xf8\x88\x80\x80\x80"))
print(utf8.len("hello", 2), utf8.len("hello", -2), utf8.len("hello", 6), utf8.len("hello", 3, 2))
p(utf8.len, "hello", 7)
p(utf8.len, "hello", 0)
p(utf8.len, "hello", 1, 6)
print(utf8.len("hello", -10 + 6))
print(utf8.len("\u{10000}x", 2))
print(utf8.len("äöü", 1, -1), utf8.len("äöü", 1, 1), utf8.len("äöü", 2))
-- codepoint
print(utf8.codepoint("abc"), utf8.codepoint("abc", 2), utf8.codepoint("abc", 1, 3))
print(utf8.codepoint("abc", -1)); p(utf8.codepoint, "abc", 4)
print(select('#', utf8.codepoint("abc", 3, 2)))
print(utf8.codepoint("\u{10FFFF}\u{800}", 1, -1))
p(utf8.codepoint, "abc", 0)
p(utf8.codepoint, "abc", 1, 4)
p(utf8.codepoint, "\xff")
p(utf8.codepoint, "a\x80", 1, 2)
p(utf8.codepoint, "\xe4\xbd")
print(utf8.codepoint("\xed\xa0\x80"))
-- offset
local s = "a\u{7FF}b\u{10000}c"
for i = -6, 6 do w(tostring(utf8.offset(s, i)), " ") end flush()
for i = 1, #s + 1 do w(tostring(utf8.offset(s, 0, i)), " ") end flush()
print(utf8.offset(s, 1, 2), utf8.offset(s, 2, 2), utf8.offset(s, -1, 4))
p(utf8.offset, s, 1, 3)
p(utf8.offset, s, 1, 100)
p(utf8.offset, s, 1, 0)
print(utf8.offset("", 1), utf8.offset("", -1), utf8.offset("", 0))
print(utf8.offset("abc", 5), utf8.offset("abc", 4), utf8.offset("abc", -4), utf8.offset("abc", -3))
-- codes
for p, c in utf8.codes(s) do w(p, ":", c, " ") end flush()
for p, c in utf8.codes("") do w(p, ":", c, " ") end flush()
p(function() for p, c in utf8.codes("ab\xffcd") do w(p, " ") end flush() end)
p(function() for p, c in utf8.codes("a\u{800}\x80") do w(p, " ") end flush() end)
p(function() for p, c in utf8.codes("\xe4\xbd") do w(p, " ") end flush() end)
p(utf8.codes, nil)
print(utf8.codes("x") == utf8.codes("y"))
-- pattern
local n = 0
for c in string.gmatch(s, utf8.charpattern) do n = n + 1 end
print(n)
print(("x"):rep(3, utf8.char(0x20AC)))
