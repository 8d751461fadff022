-- lexical errors inside strings
local cases = {
  '"abc',
  "'abc\ndef'",
  '"\\q"',
  '"\\300"',
  '"\\xZZ"',
  '"\\x4"',
  '"\\u{110000000}"',
  '"\\u{80000000}"',
  '"\\u41"',
  '"\\u{41"',
  '"\\u{}"',
  '[[abc',
  '--[[ unfinished',
  '[==[ abc ]=]',
  '[=abc',
}
for _, src in ipairs(cases) do
  local f, err = load("x = " .. src)
  print(err)
end
