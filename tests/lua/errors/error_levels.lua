-- error levels: 1 = where error was called, 2 = caller of that function
local function lvl1() error("level one", 1) end
local function lvl2() error("level two", 2) end
local function lvl3() error("level three", 3) end
local function call2() lvl2() end     -- line 5
local function call3() local function mid() lvl3() end mid() end  -- line 6
print(pcall(lvl1))
print(pcall(call2))
print(pcall(call3))
print(pcall(lvl2))
local function check(x) if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end return x end
local function user() return check("s") end   -- line 12
print(pcall(user))
print(pcall(function() error("x", 50) end))
print(pcall(function() error(42, 2) end))
print(pcall(function() error("level 1 default") end))
