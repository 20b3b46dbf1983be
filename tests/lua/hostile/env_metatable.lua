-- A script cannot remove the undefined-global check from its _ENV.
assert(getmetatable(_ENV) == false)
setmetatable(_ENV, nil)
