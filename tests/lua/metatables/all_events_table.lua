-- every binary operator reaches its metamethod with the operands in order
local events = {
  {"+", "__add"}, {"-", "__sub"}, {"*", "__mul"}, {"/", "__div"}, {"%", "__mod"},
  {"^", "__pow"}, {"//", "__idiv"}, {"&", "__band"}, {"|", "__bor"}, {"~", "__bxor"},
  {"<<", "__shl"}, {">>", "__shr"}, {"..", "__concat"}, {"<", "__lt"}, {"<=", "__le"},
  {"==", "__eq"},
}
for _, e in ipairs(events) do
  local op, name = e[1], e[2]
  local mt = {}
  mt[name] = function(a, b) return (rawget(a, "id") or "?") .. "," .. (type(b) == "table" and (rawget(b, "id") or "?") or tostring(b)) end
  local A = setmetatable({id = "A"}, mt)
  local B = setmetatable({id = "B"}, mt)
  local f = load("local A, B = ... return A " .. op .. " B")
  io.write(op, "->", tostring(f(A, B)), "  ")
end
print()
for _, e in ipairs({{"-", "__unm"}, {"~", "__bnot"}, {"#", "__len"}}) do
  local mt = {}
  mt[e[2]] = function(a, b) return rawget(a, "id") .. ":" .. tostring(rawequal(a, b)) end
  local A = setmetatable({id = "A"}, mt)
  io.write(e[1], "->", load("local A = ... return " .. e[1] .. "A")(A), "  ")
end
print()
