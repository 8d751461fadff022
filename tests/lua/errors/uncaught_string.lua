-- an uncaught error ends the script with status 1 and a message on stderr
print("before the error")
local function fail() error("something went wrong") end
fail()
print("never printed")
