-- Used by tests/cli/lua_repro.sh: government spending perturbed by draws of
-- math.random (the engine's seeded generator), so the outputs depend on --seed
-- and on nothing else.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("perturbed", { from = 2025, to = 2034 })
for year = 2025, 2034 do
  s:shock("g", year, (math.random() - 0.5) * 20)  -- uniform in [-10, 10)
  s:shock_pct("i", year, math.random(-5, 5))      -- a whole percent in [-5, 5]
end
local r = s:run()
r:write("perturb.json")
r:write("perturb.csv")
