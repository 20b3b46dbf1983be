-- A comparator that never returns: the hook stops it (it runs Lua code).
local t = {}
for i = 1, 100 do t[i] = 101 - i end
table.sort(t, function(a, b) while true do end end)
