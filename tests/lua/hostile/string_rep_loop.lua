-- Each call fills 8 MiB inside C for a handful of VM instructions: the bytes
-- allocated are charged to the budget, so the loop stops long before 10^9.
for i = 1, 1e9 do
  local s = string.rep("x", 8 * 1024 * 1024)
end
