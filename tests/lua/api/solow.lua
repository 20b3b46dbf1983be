-- A nonlinear model against its recurrence iterated by hand.  Solow
-- (models/examples/solow): alpha = 0.35, delta = 0.06, n = 0.01;
--   k(t) = (1 - delta) k(t-1) + inv(t-1),   l(t) = l(t-1) (1 + n),
--   y(t) = a(t) k(t)^alpha l(t)^(1-alpha)  (no add-factor after the history),
--   inv(t) = s(t) y(t).
-- Starting values are the 2024 row of history.csv.
local check = require("lib.check")

local m = polsim.model("models/examples/solow")
local s = m:scenario("tfp growth", { from = 2025, to = 2040 })
s:grow("a", 2025, 2040, 2)      -- a(2024) = 1
s:set("s", 2030, 2040, 0.3)        -- a higher saving rate from 2030
local r = s:run()

local k, l, inv = 23.2789, 5.07894, 2.16336
for year = 2025, 2040 do
  local a = 1.02 ^ (year - 2024)
  local rate = year >= 2030 and 0.3 or 0.25
  k = 0.94 * k + inv
  l = l * 1.01
  local y = a * k ^ 0.35 * l ^ 0.65
  inv = rate * y
  check.near(r.k[year], k, 1e-9, "k " .. year)
  check.near(r.y[year], y, 1e-9, "y " .. year)
  check.near(r.ypw[year], y / l, 1e-9, "ypw " .. year)
end
