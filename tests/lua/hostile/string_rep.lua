-- One C call cannot be interrupted, so string.rep is capped.
local s = string.rep("abc", 1e9)
print(#s)
