-- The same blow-up through gsub, with a greedy pattern, caught by pcall.
local s = string.rep("a", 60)
local ok = pcall(string.gsub, s, string.rep("a?", 60) .. string.rep("a", 60) .. "b", "x")
print("survived", ok)
