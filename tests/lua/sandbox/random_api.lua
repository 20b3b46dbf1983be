-- math.random follows Lua 5.4's conventions, on the seeded generator.
for _ = 1, 2000 do
  local u = math.random()
  assert(u >= 0 and u < 1 and math.type(u) == "float")
  local k = math.random(6)
  assert(k >= 1 and k <= 6 and math.type(k) == "integer")
  local j = math.random(-3, 3)
  assert(j >= -3 and j <= 3)
  local big = math.random(math.mininteger, math.maxinteger)
  assert(math.type(big) == "integer")
end
assert(math.random(5, 5) == 5)
assert(math.type(math.random(0)) == "integer")

-- every face of a die shows up in 600 throws (a miss has odds below 1e-40)
local seen = {}
for _ = 1, 600 do seen[math.random(6)] = true end
for face = 1, 6 do assert(seen[face], "face " .. face .. " never drawn") end

-- randomseed(n) restarts the sequence
math.randomseed(7)
local a = { math.random(), math.random(100) }
math.randomseed(7)
assert(math.random() == a[1] and math.random(100) == a[2])

-- Lua's argument errors
local ok, err = pcall(math.random, 2, 1)
assert(not ok and err:find("interval is empty", 1, true), err)
ok, err = pcall(math.random, 1, 2, 3)
assert(not ok and err:find("wrong number of arguments", 1, true), err)
ok, err = pcall(math.random, 1.5)
assert(not ok and err:find("number has no integer representation", 1, true), err)
print("ok")
