-- C modules are never loaded: only Lua text files are looked for.
local socket = require("socket.core")
