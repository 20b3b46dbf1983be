-- The budget runs out inside a coroutine; resume reports it as an error,
-- and a script that ignores that and carries on must still be stopped.
while true do
  local co = coroutine.create(function() while true do end end)
  local ok, err = coroutine.resume(co)
end
