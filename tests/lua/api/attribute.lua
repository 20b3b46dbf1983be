-- files: attribution.json
-- polsim.attribute against hand-computed Shapley values.
-- Fixture (tests/lua/api/models/inter): y = k*a*b + c + 0.5*y(-1), k = 2,
-- base a = b = 1, c = 0, y = 4 throughout.  alt: a = 2, b = 3, c = 1 from 2024.
-- 2024: the game is f(S) + 2 with f = 2ab + c: v(none) = 4, v(A) = 6, v(B) = 8,
-- v(AB) = 14, C adds 1.  Shapley (average over the two orderings of A, B):
--   A = ((6 - 4) + (14 - 8)) / 2 = 4,  B = ((8 - 4) + (14 - 6)) / 2 = 6,  C = 1.
-- 2025: y25 = f + 0.5 y24 = 1.5 f + 1, so every contribution is 1.5 times 2024's.
local check = require("lib.check")

local m = polsim.model("tests/lua/api/models/inter")
local base = m:scenario("base", { from = 2024, to = 2026 })
local alt = base:copy("alt"):set("a", 2024, 2026, 2):set("b", 2024, 2026, 3):set("c", 2024, 2026, 1)
local groups = { A = { "a" }, B = { "b" }, C = "c" }
local a = polsim.attribute(base, alt, { groups = groups })
check.eq(a.method, "exact", "method")
check.eq(a.runs, 8, "2^3 runs")
check.near(a:contribution("A", "y", 2024), 4, 1e-12, "A 2024")
check.near(a:contribution("B", "y", 2024), 6, 1e-12, "B 2024")
check.near(a:contribution("C", "y", 2024), 1, 1e-12, "C 2024")
check.near(a:contribution("A", "y", 2025), 6, 1e-12, "A 2025")
check.near(a:contribution("B", "y", 2025), 9, 1e-12, "B 2025")
check.near(a:contribution("C", "y", 2025), 1.5, 1e-12, "C 2025")

-- Growth: in 2024 growth = 25 (v - 4), linear, so pp contributions are 25 x.
check.near(a:contribution("A", "y", 2024, { growth = true }), 100, 1e-10, "A growth 2024")
check.near(a:contribution("B", "y", 2024, { growth = true }), 150, 1e-10, "B growth 2024")
-- In 2025 growth is r(f) = 100 ((1.5 f + 1) / (f + 2) - 1), not linear: Shapley
-- over the 3! orderings of the groups, from f of each coalition by hand.
local f = { [""] = 2, A = 4, B = 6, C = 3, AB = 12, AC = 5, BC = 7, ABC = 13 }
local function g(s) local x = f[s] return 100 * ((1.5 * x + 1) / (x + 2) - 1) end
local function key(set)
  local k = ""
  for _, n in ipairs({ "A", "B", "C" }) do if set[n] then k = k .. n end end
  return k
end
local orders = { { "A", "B", "C" }, { "A", "C", "B" }, { "B", "A", "C" }, { "B", "C", "A" },
                 { "C", "A", "B" }, { "C", "B", "A" } }
local want = { A = 0, B = 0, C = 0 }
for _, o in ipairs(orders) do
  local set = {}
  for _, n in ipairs(o) do
    local before = g(key(set))
    set[n] = true
    want[n] = want[n] + (g(key(set)) - before) / 6
  end
end
for n, w in pairs(want) do
  check.near(a:contribution(n, "y", 2025, { growth = true }), w, 1e-10, n .. " growth 2025")
end

-- Contributions add up to the total for every variable and period.
for _, v in ipairs({ "y", "a", "b", "c" }) do
  for p = 2024, 2026 do
    for _, gr in ipairs({ false, true }) do
      local sum = 0
      for _, name in ipairs(a:groups()) do sum = sum + a:contribution(name, v, p, { growth = gr }) end
      local tot = a:total(v, p, { growth = gr })
      if tot == tot then check.near(sum, tot, 1e-9, "sum " .. v .. " " .. p) end
    end
  end
end
check.near(a:total("y", 2024), alt:run().y[2024] - base:run().y[2024], 1e-12, "total = alt - base")

-- One group: its contribution is the whole effect of the change.
local one = polsim.attribute(base, alt, { groups = { all = { "a", "b", "c" } } })
check.eq(one.runs, 2, "K = 1: two runs")
check.near(one:contribution("all", "y", 2026), alt:run().y[2026] - base:run().y[2026], 1e-12, "K = 1")

-- Inputs that no group names form the group "other".
local part = polsim.attribute(base, alt, { groups = { A = { "a" } } })
check.eq(table.concat(part:groups(), ","), "A,other", "other group")
check.near(part:contribution("A", "y", 2024), 4, 1e-12, "A with other")
check.near(part:contribution("other", "y", 2024), 7, 1e-12, "other = B + C")
local ok, err = pcall(polsim.attribute, base, alt, { groups = { A = { "a" } }, strict = true })
check.is_true(not ok and err:find("'b', 'c'", 1, true) ~= nil, "strict names the unlisted inputs: " .. tostring(err))

-- A parameter is an input like any other: k = 3 in alt2.
local alt2 = base:copy("k3"):param("k", 3):set("a", 2024, 2026, 2)
local pa = polsim.attribute(base, alt2, { groups = { K = { "k" }, A = { "a" } } })
-- 2024: f = k a b: v0 = 2, vK = 3, vA = 4, vKA = 6 -> K = (1 + 2) / 2 = 1.5, A = (2 + 3) / 2 = 2.5
check.near(pa:contribution("K", "y", 2024), 1.5, 1e-12, "parameter group")
check.near(pa:contribution("A", "y", 2024), 2.5, 1e-12, "lever beside a parameter")

-- Sampled estimate (forced on K = 3) lies within 4 standard errors of the exact
-- values, and still adds up to the total.
local s = polsim.attribute(base, alt, { groups = groups, method = "sampled", samples = 400, seed = 7 })
check.eq(s.method, "sampled", "sampled method")
check.eq(s.runs, 1 + 400 * 3, "runs of the sampled estimate")
for _, n in ipairs({ "A", "B", "C" }) do
  local est, se = s:contribution(n, "y", 2025), s:se(n, "y", 2025)
  local exact = a:contribution(n, "y", 2025)
  check.is_true(math.abs(est - exact) <= 4 * se + 1e-12,
    string.format("%s sampled %.6f exact %.6f se %.6f", n, est, exact, se))
end
check.is_true(s:se("A", "y", 2024) > 0, "interaction gives a positive standard error")
check.near(s:se("C", "y", 2024), 0, 1e-12, "an additive group has no sampling error")
local sum = s:contribution("A", "y", 2026) + s:contribution("B", "y", 2026) + s:contribution("C", "y", 2026)
check.near(sum, s:total("y", 2026), 1e-9, "sampled contributions add up")
local s2 = polsim.attribute(base, alt, { groups = groups, method = "sampled", samples = 400, seed = 7 })
check.eq(s2:contribution("A", "y", 2025), s:contribution("A", "y", 2025), "same seed, same estimate")
check.eq(a:se("A", "y", 2024), nil, "exact: no standard error")

-- print and write
local text = a:print("y")
check.is_true(text:find("total", 1, true) ~= nil, "print shows the total")
a:write("attribution.json")
