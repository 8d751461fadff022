-- goto/label compile errors
local cases = {
  "goto x",
  "do goto x end",
  "::x:: ::x::",
  "::x::\ndo ::x:: end",
  "goto f; local y; ::f:: print(y)",
  "do goto l; local a = 1; ::l:: a = 2 end",
  "repeat goto cont; local x; ::cont:: until x",
  "local x\ngoto e\nlocal y = 1\n::e::\nprint(y)",
  "for i = 1, 2 do goto out end",
  "function f() goto lbl end ::lbl::",
  "::a:: ::b:: ::a::",
  "while true do goto continue end ::continue::",
}
for _, src in ipairs(cases) do
  local f, err = load(src)
  print(err)
end
-- these compile: label at block end, jumping backwards, nested blocks
local ok = {
  "do goto l; local a = 1; ::l:: end",
  "goto f; local y; ::f::",
  "::top:: do goto top end",
  "for i = 1, 3 do if i == 2 then goto cont end ::cont:: end",
  "do goto l; local a; ::l:: ::m:: end",
  "::x:: do ::x:: end",
}
for _, src in ipairs(ok) do
  print(load(src) ~= nil)
end
