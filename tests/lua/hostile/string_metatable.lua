-- The string metatable is locked: getmetatable answers false.
assert(getmetatable("") == false)
getmetatable("").__index = { upper = function() return "pwned" end }
