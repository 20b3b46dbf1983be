-- Just over string.rep's cap at the default memory limit (64 MiB, a quarter of
-- 256 MiB): one byte too many, asked for under pcall.
local ok = pcall(string.rep, "x", 64 * 1024 * 1024 + 1)
print("survived", ok)
