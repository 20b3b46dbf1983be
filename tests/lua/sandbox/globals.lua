-- What a script may do with globals.
counter = 1                         -- its own globals are fine
counter = counter + 1
assert(_G == _ENV and _G.counter == 2)
assert(rawget(_ENV, "nothing_here") == nil) -- rawget is how to probe
local n = 0
for k in pairs(string) do n = n + 1 end -- library tables can be listed
assert(n > 10 and ("abc"):upper() == "ABC")
assert(collectgarbage("count") > 0)
collectgarbage()
collectgarbage("step")
-- load compiles text in the caller's _ENV
assert(load("counter = counter + 1"))()
assert(counter == 3)
-- coroutines and pcall still work normally
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
assert(co(1) == 2 and co(5) == 10)
local ok, err = pcall(error, { code = 7 })
assert(not ok and err.code == 7)
for _, name in ipairs({ "os", "io", "package", "debug", "dofile", "loadfile" }) do
  local found, e = pcall(function() return _ENV[name] end)
  assert(not found and e:find("undefined global '" .. name .. "'", 1, true), e)
end
print("ok")
