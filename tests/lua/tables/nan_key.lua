-- NaN and nil cannot be keys
local t = {}
local nan = 0 / 0
print(pcall(function() t[nan] = 1 end))
print(pcall(function() t[nil] = 1 end))
print(pcall(rawset, t, nan, 1))
print(pcall(rawset, t, nil, 1))
print(t[nan], t[nil], rawget(t, nan))
print(pcall(function() return {[nan] = 1} end))
print(pcall(function() return {[nil] = 1} end))
print(next(t))
t[1] = nil
print(next(t))
