-- An endless loop must end at the instruction budget.
local n = 0
while true do
  n = n + 1
end
