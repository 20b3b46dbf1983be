-- The budget runs out inside pcall; pcall must not swallow it.
local ok, err = pcall(function()
  while true do end
end)
-- Never reached: the kill is re-raised through pcall.
print("survived", ok, err)
