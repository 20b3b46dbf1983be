-- A typo in a global name is an error with a suggestion.
function compute_total(a, b)
  return a + b
end

local x = compute_totl(1, 2)
