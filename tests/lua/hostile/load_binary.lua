-- A precompiled chunk (it starts with ESC "Lua") is refused even when the
-- script asks for binary mode.
local bytes = "\27LuaT\0\25\147\r\n\26\n\4\8\8xV\0\0\0\0\0\0\0\0\0\0\0(w@\1"
local f, err = load(bytes, "=bytes", "b")
assert(f == nil)
error(err, 0)
