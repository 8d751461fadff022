-- adjustment of multiple results
local function three() return 1, 2, 3 end
local function none() end
print(three())
print(three(), "x")
print("x", three())
print((three()))
print(({three()})[3], #{three(), three()})
print(none())
print(select("#", none()), select("#", (none())))
local a, b, c, d = three()
print(a, b, c, d)
local t = {three(), none()}
print(#t)
print(string.format("%d %d %d", three()))
print(math.max(three()), math.max(three(), 0))
local function pass(...) return ... end
print(pass(three()))
print(pass(three(), three()))
local function wrap() return three() end
print(wrap())
local function paren() return (three()) end
print(paren())
print(three() + 10)
print(#{n = 1, three()})
