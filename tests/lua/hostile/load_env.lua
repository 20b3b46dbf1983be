-- load() gives the chunk the caller's _ENV, never the shared globals: a
-- loaded chunk can reach no more than the script itself.
local f = assert(load("return _ENV"))
assert(rawequal(f(), _ENV))
local g = assert(load("return os.getenv('HOME')"))
g()
