-- varargs: ..., select, adjustment
local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function pass(...) return ... end
print(pass(1, 2, 3))
print((pass(1, 2, 3)))
print(pass(1, 2, 3), "end")
local function pack(...) return {...}, select("#", ...) end
local t, n = pack(1, nil, 3, nil)
print(n, t[1], t[2], t[3], t[4])
local function first(...) local a = ... return a end
print(first(7, 8, 9))
local function twoargs(a, b, ...) return a, b, select("#", ...) end
print(twoargs(1))
print(twoargs(1, 2, 3, 4))
local function tbl(...) return {..., "last"} end
print(#tbl(1, 2, 3), tbl(1, 2, 3)[2])
local function tbl2(...) return {"first", ...} end
print(#tbl2(1, 2, 3))
print(select(2, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
local function va(...) local x, y = ..., "y" return x, y end
print(va(1, 2, 3))
local f = function(...) return ... end
print(f(f(1, 2)), f(3))
print(table.pack(pass()).n)
