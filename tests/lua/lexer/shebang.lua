#!/usr/bin/env lua5.3 this first line is skipped
print("after shebang")
print(load("#!x\nreturn 1") == nil)
