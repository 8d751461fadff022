-- and/or/not and comparison precedence
print(1 or 2 and nil)            -- and binds tighter than or
print((1 or 2) and nil)
print(nil and 1 or 2)
print(false or nil, nil or false)
print(1 < 2 and 2 < 3, 1 < 2 == true)
print(not 1 == 2)                -- (not 1) == 2
print(not (1 == 2))
print(1 == 1 and "a" or "b", 1 == 2 and "a" or "b")
print(false and error("not evaluated") or "short circuit")
print(nil or nil or 3)
print(0 and "zero is true", "" and "empty is true")
local x = nil
print(x and x.y or "guarded")
print(1 < 2 == (2 < 3))
print(not not nil, not not 0)
