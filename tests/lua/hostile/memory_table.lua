-- A table that grows without end must stop at the memory cap.
local t = {}
for i = 1, math.maxinteger do
  t[i] = { i, i + 1, tostring(i) }
end
