-- os.exit with a status code
print("before exit")
io.stdout:flush()
os.exit(3)
print("not reached")
