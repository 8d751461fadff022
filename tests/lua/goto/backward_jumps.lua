-- loops written with backward gotos
local i = 1
local s = 0
::top::
s = s + i
i = i + 1
if i <= 100 then goto top end
print(s)
-- a state machine
local state, trace = "a", {}
::a:: trace[#trace + 1] = "a"; if #trace > 6 then goto finish end; goto b
::b:: trace[#trace + 1] = "b"; goto c
::c:: trace[#trace + 1] = "c"; goto a
::finish::
print(table.concat(trace))
