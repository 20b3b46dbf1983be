-- Quarterly periods are strings such as "2025Q1"; the fixture
-- tests/lua/api/models/qcross has c = c0 + mpc y(-1), y = c + i + g with
-- c0 = 10, mpc = 0.5 and history to 2024Q4 (y = 114, i = 24, g = 23).
-- By hand: y(t) = 10 + 0.5 y(t-1) + i(t) + g(t) (no add-factor after the
-- history), which stays at 114 when nothing changes.
local check = require("lib.check")

local m = polsim.model("tests/lua/api/models/qcross")
check.eq(m.frequency, "quarterly", "m.frequency")
local h = m:history("y")
check.eq(h["2024Q4"], 114, "history is keyed by labels")
check.eq(h["2023Q1"], 100, "first quarter of history")

local s = m:scenario("q")
check.eq(s.from, "2025Q1", "default from: the quarter after the history")
check.eq(s.to, "2027Q2", "default to: ten quarters")
check.eq(tostring(s), "polsim.Scenario 'q' (2025Q1..2027Q2)", "tostring with labels")

local s2 = m:scenario("g up", { from = "2025Q1", to = "2025Q4" })
s2:shock("g", "2025Q2", "2025Q3", 10)
s2:set("i", { ["2025Q4"] = 30 })
s2:grow("g", "2025Q4", 10) -- from 2025Q3's 33: 36.3
local r = s2:run()
check.eq(r.first, "2025Q1", "r.first")
check.eq(r.last, "2025Q4", "r.last")
check.eq(r:periods()[1], "2023Q1", "periods are labels")

local y, i, g = 114, { 24, 24, 24, 30 }, { 23, 33, 33, 36.3 }
local q = { "2025Q1", "2025Q2", "2025Q3", "2025Q4" }
for k = 1, 4 do
  local ylag = y
  y = 10 + 0.5 * ylag + i[k] + g[k]
  check.near(r.g[q[k]], g[k], 1e-12, "g " .. q[k])
  check.near(r.y[q[k]], y, 1e-10, "y " .. q[k])
  check.near(r:growth("y", q[k]), 100 * (y / ylag - 1), 1e-10, "quarterly growth " .. q[k])
end
-- "2025q2" (lower case) is the same period.
check.near(r:get("y", "2025q2"), r.y["2025Q2"], 0, "lower-case label")

check.fails("expected a quarter such as \"2024Q1\", got number", "a year for a quarterly model",
            s2.set, s2, "g", 2025, 1)
check.fails("quarter 5 does not exist", "a bad quarter", s2.set, s2, "g", "2025Q5", 1)
