-- files: mc_keynes.json
-- polsim.montecarlo on the Keynesian cross against its closed form:
--   y = (c0 - mpc t + i + g) / (1 - mpc), mpc = 0.6, t = 150, i = 200 (held),
--   c0 ~ N(40, 5), g ~ N(180, 3) drawn each period:
--   y ~ N((40 - 90 + 200 + 180) / 0.4, sqrt(25 + 9) / 0.4) = N(825, 14.577...).
-- Tolerances: 5 standard errors of the estimate at 100,000 draws.
local check = require("lib.check")

local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
local n = 100000
local mc = polsim.montecarlo(s, {
  draws = n, seed = 42, threads = 2,
  params = { c0 = { dist = "normal", mean = 40, sd = 5 } },
  exogenous = { g = { dist = "normal", mean = 180, sd = 3 } },
  keep = { "y" },
})
local mu, sd = 825, math.sqrt(34) / 0.4
local se = sd / math.sqrt(n)
check.eq(mc:draws(), n, "draws")
check.eq(mc:failed(), 0, "failed draws")
check.near(mc:mean("y", 2026), mu, 5 * se / mu, "mean of y")
check.near(mc:sd("y", 2026), sd, 0.02, "sd of y")
-- quantiles of a normal: mu + z_q sd; z_0.05 = -1.6448536, z_0.75 = 0.6744898
-- (standard normal table); se of a quantile sqrt(q(1-q)/n) / f(x_q)
local function qse(q, z) return math.sqrt(q * (1 - q) / n) * sd / (math.exp(-z * z / 2) / math.sqrt(2 * math.pi)) end
check.near(mc:quantile("y", 2025, 0.05), mu - 1.6448536 * sd, 5 * qse(0.05, 1.6448536) / mu, "5 % quantile")
check.near(mc:quantile("y", 2025, 0.75), mu + 0.6744898 * sd, 5 * qse(0.75, 0.6744898) / mu, "75 % quantile")
check.near(mc:quantile("y", 2025, 0.5), mu, 5 * qse(0.5, 0) / mu, "median")
-- P(y >= mu + sd) = 1 - Phi(1) = 0.1586553
local p1 = mc:prob("y", 2027, ">=", mu + sd)
check.near(p1, 0.1586553, 5 * math.sqrt(0.1586553 * 0.8413447 / n), "P(y >= mu + sd)")
check.near(mc:prob("y", 2027, "<", mu + sd), 1 - p1, 1e-15, "complement")
-- growth over 2024's y = 828 (history.csv): P(growth >= 0) = P(y >= 828)
check.near(mc:prob("y", 2025, ">=", 0, { growth = true }), mc:prob("y", 2025, ">=", 828), 1e-15,
           "growth and level events agree")
check.near(mc:quantile("y", 2025, 0.5, { growth = true }),
           100 * (mc:quantile("y", 2025, 0.5) / 828 - 1), 1e-12, "median growth")

-- The same seed gives the same numbers whatever the thread count.
local function summary(threads)
  local r = polsim.montecarlo(s, { draws = 5000, seed = 9, threads = threads,
    params = { mpc = { dist = "triangular", min = 0.5, mode = 0.6, max = 0.65 } },
    exogenous = { i = { dist = "normal", mean = 0, sd = 4, rho = 0.7 } },
    residuals = "bootstrap" })
  return { r:mean("y", 2027), r:sd("c", 2026), r:quantile("y", 2025, 0.1), r:prob("c", 2027, ">", 440) }
end
local a, b = summary(1), summary(4)
for i = 1, 4 do check.eq(a[i], b[i], "threads 1 and 4, statistic " .. i) end

-- Bootstrap residuals come from the history's years only.
local boot = polsim.montecarlo(s, { draws = 50, residuals = "bootstrap", vars = { "c_a" } })
check.list(boot:residual_years(), { 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024 },
           "residual years")

check.contains(tostring(mc), "polsim.MonteCarlo of model 'keynes' (100000 draws, 0 failed)", "tostring")
check.eq(mc:write("mc_keynes.json"):sub(-14), "mc_keynes.json", "written path")
