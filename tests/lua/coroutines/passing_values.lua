-- values passed through resume/yield, including nils and many values
local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  local r = table.pack(coroutine.yield(nil, nil))
  print("resumed with", r.n, table.unpack(r, 1, r.n))
  local big = {}
  for i = 1, 100 do big[i] = i end
  coroutine.yield(table.unpack(big))
  return
end)
print(coroutine.resume(co, nil, 2, nil))
print(coroutine.resume(co, 1, nil, nil, nil))
print(select("#", coroutine.resume(co)))
print(select("#", coroutine.resume(co)))
print(coroutine.status(co))
