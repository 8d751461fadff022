-- os.exit flushes buffered output (io.write without newline) and uses the status
io.write("partial line without newline")
io.stdout:write(" and more")
setmetatable({}, {__gc = function() print("\nfinalizer ran at close") end})
os.exit(3, true)
print("not reached")
