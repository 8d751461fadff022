-- utf8: char limits, codepoint/len/offset validation and position errors, codes iteration and its errors
local function san(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local ty = type(t[i])
    if ty == "table" or ty == "function" or ty == "userdata" or ty == "thread" then t[i] = ty end
  end
  return table.unpack(t, 1, t.n)
end
local function p(...) print(san(pcall(...))) end
p(utf8.char, 0x7fffffff) p(utf8.char, 0x80000000) p(utf8.char, -1) p(utf8.char) p(utf8.char, 72, "105")
p(utf8.char, 0x10ffff, 0x110000, 0xd800)
print(utf8.charpattern)
p(utf8.codepoint, "\xf4\x90\x80\x80") p(utf8.codepoint, "\xed\xa0\x80") p(utf8.codepoint, "\xc0\x80") p(utf8.codepoint, "\xe0\x80\x80")
p(utf8.codepoint, "\xf8\x88\x80\x80\x80") p(utf8.codepoint, "\xfd\xbf\xbf\xbf\xbf\xbf") p(utf8.codepoint, "\x80")
p(utf8.codepoint, "abc", 0) p(utf8.codepoint, "abc", 4) p(utf8.codepoint, "abc", 3, 4) p(utf8.codepoint, "abc", 2, 1) p(utf8.codepoint, "abc", -1)
p(utf8.codepoint, "", 1, 0) p(utf8.codepoint, "abc", 1, -1)
p(utf8.len, "abc", 5) p(utf8.len, "abc", 4) p(utf8.len, "abc", 0) p(utf8.len, "abc", 1, 4) p(utf8.len, "abc", -1) p(utf8.len, "abc", 1, -5)
p(utf8.len, "a\x80b") p(utf8.len, "\xe4\xb8\xad\xe6", 1) p(utf8.len, "", 1) p(utf8.len, "abc", 3, 2) p(utf8.len, "\xf4\x90\x80\x80")
p(utf8.offset, "abc", 1) p(utf8.offset, "abc", 0, 2) p(utf8.offset, "abc", 5) p(utf8.offset, "abc", 4) p(utf8.offset, "abc", -1)
p(utf8.offset, "abc", -4) p(utf8.offset, "abc", 1, 5) p(utf8.offset, "abc", 1, 0) p(utf8.offset, "\xe4\xb8\xad", 1, 2)
p(utf8.offset, "\xe4\xb8\xad", 0, 2) p(utf8.offset, "\xe4\xb8\xad", 0, 3) p(utf8.offset, "abc", 0, 4) p(utf8.offset, "abc", 1, 4) p(utf8.offset, "abc", -1, 4)
p(utf8.offset, "a\xe4\xb8\xadb", -2) p(utf8.offset, "abc", 0, -1) p(utf8.offset, "abc")
for p, c in utf8.codes("a\xe4\xb8\xadb") do io.write(p, ":", c, " ") end print()
p(function() for p, c in utf8.codes("a\x80") do io.write(p, ":", c, " ") end end)
p(function() for p, c in utf8.codes("a\xe4\xb8") do io.write(p, ":", c, " ") end end)
p(function() for p, c in utf8.codes("\xed\xa0\x80") do io.write(p, ":", c, " ") end end)
p(function() for p, c in utf8.codes("\xf4\x90\x80\x80") do io.write(p, ":", c, " ") end end)
p(utf8.codes) p(utf8.codes, 1)
local f, s, i = utf8.codes("ab") print(type(f), s, i)
p(f, "ab", 10)
p(f, "ab", -1)
p(f, "\xe4\xb8\xadb", 1)
p(f, "\x80\x80b", 0)
