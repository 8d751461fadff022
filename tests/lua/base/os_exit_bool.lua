-- os.exit(false) exits with status 1
print("exiting with false")
os.exit(false)
