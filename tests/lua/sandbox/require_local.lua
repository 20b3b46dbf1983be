-- require looks in the script's own folder first; dots are folders.
local h = require("local_helper")
assert(h.double(21) == 42)
assert(h.name == "local_helper")          -- the module gets its name
assert(rawequal(require("local_helper"), h)) -- cached per state
assert(require("sub.inner").where == "sub")
print("ok")
