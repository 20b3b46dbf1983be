-- A huge table.concat: the separator repeated a thousand times outgrows the
-- memory limit while the one C call builds the result.
local sep = string.rep("x", 8 * 1024 * 1024)
local t = {}
for i = 1, 1000 do t[i] = "" end
print(#table.concat(t, sep))
