-- numbers converted to strings by concatenation and tostring
print(1 .. "", 1.0 .. "", -1 .. "", 1e15 .. "", 1e16 .. "", 0.1 .. "")
print(tostring(123), tostring(-0.0), tostring(1/3))
print(math.maxinteger .. "|" .. math.mininteger)
print(12 .. 34 == "1234", 1 .. 2 + 3)
local n = 255
print("n=" .. n, "hex=" .. string.format("%x", n))
print(#(2^53 .. ""), 2^53 .. "")
print(3.0 .. "|" .. 3 .. "|" .. -3.5)
