-- gmatch resumes the matcher on every call; each call pays for its work.
local s = string.rep("a", 30000)
for w in s:gmatch("a-a-a-b") do print(w) end
