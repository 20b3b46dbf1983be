-- s:grow, s:shock, s:shock_pct and the order in which changes apply.
local check = require("lib.check")

local m = polsim.model("models/examples/keynes")
local function y_of(i, g, t) return (40 - 0.6 * t + i + g) / 0.4 end

-- grow: x[p] = x[p-1] * (1 + rate), from the last observed g = 180 in 2024:
-- g(2024 + k) = 180 * 1.05^k.
local s = m:scenario("grow", { from = 2025, to = 2034 })
check.is_true(rawequal(s:grow("g", 2025, 2030, 5), s), "grow returns the scenario")
local g = s:inputs("g")
local r = s:run()
for k = 1, 6 do
  local year = 2024 + k
  local gk = 180 * 1.05 ^ k
  check.near(g[year], gk, 1e-12, "grown g " .. year)
  check.near(r.g[year], gk, 1e-12, "result g " .. year)
  check.near(r.y[year], y_of(200, gk, 150), 1e-10, "y with grown g " .. year)
end
-- A change covers the periods it names only: after the range g is back at
-- the default of an unset future period, the last observed value.
check.near(g[2031], 180, 1e-12, "g after the growth range")
check.near(r:growth("g", 2027), 5, 1e-9, "growth of g in percent")

-- grow with one period only.
local one = m:scenario("grow1", { from = 2025, to = 2026 }):grow("i", 2025, 10)
check.near(one:inputs("i")[2025], 220, 1e-12, "grow one period: 200 * 1.1")
check.near(one:inputs("i")[2026], 200, 1e-12, "and the default after")

-- grow_frac: the same growth as a fraction, 0.1 = grow 10: 200 * 1.1 = 220.
local frac = m:scenario("growf", { from = 2025, to = 2025 }):grow_frac("i", 2025, 0.1)
check.near(frac:inputs("i")[2025], 220, 1e-12, "grow_frac 0.1 is grow 10")

-- shock: x[p] += amount; shock_pct: x[p] *= 1 + pct / 100.
local sh = m:scenario("shocks", { from = 2025, to = 2027 })
sh:shock("g", 2025, 2026, 10)        -- 190, 190, 180
sh:shock_pct("i", 2026, 2027, 10)    -- 200, 220, 220
sh:shock_pct("t", 2027, -20)         -- 150, 150, 120
local rs = sh:run()
check.near(rs.g[2025], 190, 1e-12, "shock g 2025")
check.near(rs.g[2027], 180, 1e-12, "shock over: g 2027")
check.near(rs.i[2026], 220, 1e-12, "shock_pct i 2026")
check.near(rs.i[2025], 200, 1e-12, "shock_pct not yet: i 2025")
check.near(rs.t[2027], 120, 1e-12, "shock_pct -20 % of t")
check.near(rs.y[2025], y_of(200, 190, 150), 1e-10, "y 2025")
check.near(rs.y[2026], y_of(220, 190, 150), 1e-10, "y 2026")
check.near(rs.y[2027], y_of(220, 180, 120), 1e-10, "y 2027")

-- Order matters: changes apply in the order they were made.
local a = m:scenario("set then shock", { from = 2025, to = 2025 })
a:set("g", 2025, 200):shock("g", 2025, 10):shock_pct("g", 2025, 50)
check.near(a:inputs("g")[2025], (200 + 10) * 1.5, 1e-12, "set, shock, then shock_pct")
local b = m:scenario("shock then set", { from = 2025, to = 2025 })
b:shock("g", 2025, 10):set("g", 2025, 200)
check.near(b:inputs("g")[2025], 200, 1e-12, "a set after a shock replaces it")
-- grow after a set grows from the set value.
local c = m:scenario("set then grow", { from = 2025, to = 2027 })
c:set("g", 2025, 100):grow("g", 2026, 2027, 10)
check.near(c:inputs("g")[2027], 100 * 1.1 ^ 2, 1e-12, "grow from a set value")
