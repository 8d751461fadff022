-- \xXX hexadecimal escapes: exactly two hex digits
print("\x41\x42\x43", "\x61\x62")
print(#"\xff\x00\x7f", ("\xff"):byte(), ("\x00"):byte(), ("\x7F"):byte())
print("\x4a\x4A" == "JJ")
print(("\x301"):byte(1, -1))
local s = "\x00\x01\x02\x03"
for i = 1, #s do io.write(s:byte(i), ",") end
print()
