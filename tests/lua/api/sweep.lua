-- files: sweep.json tornado.json
-- polsim.sweep and polsim.tornado reproduce single runs point by point.
local check = require("lib.check")

local m = polsim.model("tests/lua/api/models/inter")
local base = m:scenario("base", { from = 2024, to = 2026 })

local function single(x)
  local s = base:copy("single")
  for name, v in pairs(x) do
    if name == "k" then s:param("k", v) else s:set(name, 2024, 2026, v) end
  end
  return s:run()
end

-- Grid: last name (alphabetical) varies fastest; values from..to evenly.
local sw = polsim.sweep(base, { a = { 1, 2, 3 }, k = { 1, 3, 2 } })
check.eq(#sw, 6, "3 x 2 grid points")
local want = { { 1, 1 }, { 1, 3 }, { 1.5, 1 }, { 1.5, 3 }, { 2, 1 }, { 2, 3 } }
for i, w in ipairs(want) do
  local x = sw:inputs(i)
  check.eq(x.a, w[1], "grid a " .. i)
  check.eq(x.k, w[2], "grid k " .. i)
  local r = single(x)
  for p = 2024, 2026 do
    check.eq(sw:value(i, "y", p), r.y[p], "grid point " .. i .. " " .. p)
    check.eq(sw:value(i, "y", p, { growth = true }), r:growth("y", p), "growth " .. i .. " " .. p)
  end
  -- closed form of 2024: y = k a + 2 (b = 1, c = 0, y(-1) = 4)
  check.near(sw:value(i, "y", 2024), w[2] * w[1] + 2, 1e-12, "closed form " .. i)
end

-- LHS: one point in each of the N strata of every dimension; points reproduce runs.
local n = 16
local lhs = polsim.sweep(base, { a = { 0, 4 }, b = { 1, 2 } }, { design = "lhs", points = n, seed = 3, outputs = { "y" } })
for _, d in ipairs({ { "a", 0, 4 }, { "b", 1, 2 } }) do
  local seen = {}
  for i = 1, n do
    local u = (lhs:inputs(i)[d[1]] - d[2]) / (d[3] - d[2])
    local stratum = math.floor(u * n)
    check.is_true(stratum >= 0 and stratum < n, "inside the range")
    check.is_true(not seen[stratum], d[1] .. ": stratum " .. stratum .. " used twice")
    seen[stratum] = true
  end
end
for i = 1, n do
  local r = single(lhs:inputs(i))
  check.eq(lhs:value(i, "y", 2026), r.y[2026], "lhs point " .. i)
end
local lhs2 = polsim.sweep(base, { a = { 0, 4 }, b = { 1, 2 } }, { design = "lhs", points = n, seed = 3 })
check.eq(lhs2:inputs(5).a, lhs:inputs(5).a, "same seed, same design")

-- Sobol: GSL's sequence starts 0.5, 0.75, 0.25, 0.375 in every dimension's first
-- coordinate (Bratley and Fox); in two dimensions (0.5,0.5), (0.75,0.25),
-- (0.25,0.75), (0.375,0.375).
local sob = polsim.sweep(base, { a = { 1, 2 }, b = { 0, 1 } }, { design = "sobol", points = 4 })
local ws = { { 1.5, 0.5 }, { 1.75, 0.25 }, { 1.25, 0.75 }, { 1.375, 0.375 } }
for i, w in ipairs(ws) do
  check.eq(sob:inputs(i).a, w[1], "sobol a " .. i)
  check.eq(sob:inputs(i).b, w[2], "sobol b " .. i)
  check.eq(sob:value(i, "y", 2025), single(sob:inputs(i)).y[2025], "sobol run " .. i)
end
local rows = sob:rows("y", 2024)
check.eq(#rows, 4, "rows")
check.eq(rows[2].value, sob:value(2, "y", 2024), "rows value")
check.eq(rows[2].failed, false, "rows failed")
sob:write("sweep.json")

-- Tornado: each bar's ends are single runs with that input at low / high.
local t = polsim.tornado(base, { a = { 0.5, 1.5 }, b = { 0, 2 }, c = { -1, 1 } }, "y", 2025)
check.eq(t.base, base:run().y[2025], "tornado base")
local bars = t:bars()
check.eq(bars[1].name, "b", "largest swing first")
for _, bar in ipairs(bars) do
  check.eq(bar.value_low, single({ [bar.name] = bar.low }).y[2025], bar.name .. " low")
  check.eq(bar.value_high, single({ [bar.name] = bar.high }).y[2025], bar.name .. " high")
end
-- closed form, 2025: y = 1.5 (2ab + c) + 1 with the others at base: b = 0 -> 1, b = 2 -> 7
check.near(bars[1].value_low, 1, 1e-12, "b low closed form")
check.near(bars[1].value_high, 7, 1e-12, "b high closed form")
local tg = polsim.tornado(base, { k = { 1, 3 } }, "y", 2024, { growth = true })
check.near(tg:bars()[1].value_high, 100 * (5 / 4 - 1), 1e-10, "tornado growth")
t:write("tornado.json")
