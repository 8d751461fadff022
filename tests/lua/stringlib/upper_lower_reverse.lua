-- case conversion (C locale) and reverse
print(string.upper("Hello, World! 123"), string.lower("Hello, World! 123"))
print(("é"):upper() == "é", ("\0a\0"):upper() == "\0A\0")
print(string.reverse("abc"), string.reverse(""), ("a\0b"):reverse() == "b\0a")
print(("racecar"):reverse() == "racecar")
print(string.upper(123), string.lower(1.5), string.reverse(12))
print(pcall(string.upper))
print(pcall(string.lower, {}))
