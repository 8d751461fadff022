-- closures capturing varargs via tables and select
local function bind(f, ...)
  local args = table.pack(...)
  return function(...)
    local all = {table.unpack(args, 1, args.n)}
    local more = table.pack(...)
    for i = 1, more.n do all[args.n + i] = more[i] end
    return f(table.unpack(all, 1, args.n + more.n))
  end
end
local add3 = function(a, b, c) return a + b + c end
print(bind(add3, 1)(2, 3), bind(add3, 1, 2)(3), bind(add3, 1, 2, 3)())
local function count(...) return select("#", ...) end
print(bind(count, nil, nil)(nil))
local function compose(...)
  local fs = {...}
  return function(x) for i = #fs, 1, -1 do x = fs[i](x) end return x end
end
print(compose(function(x) return x + 1 end, function(x) return x * 2 end)(5))
