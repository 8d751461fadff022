-- uncaught error without position information
print("a")
error("plain message", 0)
