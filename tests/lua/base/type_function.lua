-- type() of every kind of value
print(type(nil), type(true), type(0), type(0.5), type(""), type({}), type(print), type(function() end))
print(type(coroutine.create(function() end)), type(io.stdout))
print(type(type), type(type(nil)))
print(pcall(type))
