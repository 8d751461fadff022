-- functions present in Debian's 5.3 with compat flags
print(type(table.unpack), type(table.pack), type(table.move), type(table.maxn))
print(type(unpack), type(table.getn), type(table.setn), type(table.foreach))
