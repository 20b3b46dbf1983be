-- require: Lua modules from the script's folder, then from the library folder
-- (scripts/lib by default when run from the repository root).
local check = require("lib.check")

check.is_true(rawequal(require("lib.check"), check), "a module is loaded once and cached")

local yz = require("yangzhou") -- scripts/lib/yangzhou.lua
check.eq(yz.FROM, 2024, "a module from the library folder")
check.eq(type(yz.plan), "function", "its functions")

check.fails("module 'no_such_module' not found", "a missing module", require, "no_such_module")
check.fails("invalid module name", "a path is not a module name", require, "../secret")
