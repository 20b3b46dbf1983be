-- A shared module in the library folder.  It runs in its own _ENV with the
-- same rules as a script.
local M = {}
function M.shout(s) return s:upper() .. "!" end
function M.peek_undefined() return undefined_thing end
return M
