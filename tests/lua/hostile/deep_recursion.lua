-- Unbounded recursion ends as a clean Lua error.
local function down(n)
  return down(n + 1) + 1
end
down(1)
