-- dofile with a missing file fails with a clear message
print(pcall(dofile, "does/not/exist.lua"))
print(select(2, loadfile("does/not/exist.lua")))
