-- Coroutines that each resume a new one: the C stack limit stops them.
local function bomb()
  local co = coroutine.wrap(bomb)
  co()
end
bomb()
