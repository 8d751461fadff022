-- short comment
print(1) -- trailing comment
--[[ long
comment ]] print(2)
--[==[ long comment with ]] inside
]==] print(3)
--[ not a long comment: rest of the line ignored print("no")
print(4)
---[[ this is a short comment, so the next line runs
print(5)
--]]
--[[]] print(6)
local x = 1 --[[ inline ]] + 1
print(x)
print("--not a comment")
print([[--also not]])
-- comment at end of file without newline
