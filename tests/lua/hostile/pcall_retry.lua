-- Catch the budget error and try again, forever: every retry must fail and
-- the run must still end.
local caught = 0
while true do
  local ok = pcall(function()
    local x = 0
    while true do x = x + 1 end
  end)
  if not ok then caught = caught + 1 end
  local ok2 = xpcall(function() while true do end end, function(m) return m end)
  if not ok2 then caught = caught + 1 end
end
