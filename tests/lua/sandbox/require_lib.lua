-- Modules not next to the script come from the library folder.
local strings = require("util.strings")
assert(strings.shout("hi") == "HI!")
assert(require("noreturn") == true)
-- modules see the same strict globals
local ok, err = pcall(strings.peek_undefined)
assert(not ok and err:find("undefined global 'undefined_thing'", 1, true), err)
-- a module's globals stay in its own _ENV
assert(rawget(_ENV, "M") == nil)
print("ok")
