-- \ddd decimal escapes: up to three digits, value <= 255
print("\65\66\67", "\072\073")
print(#"\0", #"\00", #"\000", #"\0000")
print(("\0651"):byte(1, -1))
print(("\255"):byte(), ("\1"):byte(), ("\01"):byte())
print("\9" == "\t", "\10" == "\n", "\92" == "\\")
print(#"a\0b\0c")
local s = "\49\50\51"
print(s, s + 1)
