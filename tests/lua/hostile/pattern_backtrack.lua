-- Backtracking inside one C call: the matcher charges its steps to the budget.
local s = string.rep("a", 40)
return string.find(s, ".-.-.-.-.-.-.-.-b")
