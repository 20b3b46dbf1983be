-- A module next to the script that requires it.
local M = { loads = 0 }
M.name = ...
function M.double(x) return 2 * x end
return M
