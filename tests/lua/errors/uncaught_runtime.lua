-- uncaught runtime error with variable name
local config = {}
print("loading")
print(config.server.port)
