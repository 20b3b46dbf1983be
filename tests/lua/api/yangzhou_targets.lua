-- The plan table of scripts/lib/yangzhou.lua: verdicts and gaps computed by
-- hand for a stand-in result (a floor is reached at or above the target, an
-- "about" target within yz.ABOUT = 0.5 points, a level at or above it), and
-- extra columns appended as the Monte Carlo columns will be.
local check = require("lib.check")
local yz = require("yangzhou")

-- A stand-in for a result: levels by year and r:growth as polsim defines it.
local function result(levels)
  local r = {}
  for var, pair in pairs(levels) do r[var] = { [2023] = pair[1], [2024] = pair[2] } end
  function r:growth(var, year) return 100 * (self[var][year] / self[var][year - 1] - 1) end
  return r
end

-- gdpr +6.5% (floor 6: reached), vaindr +7.1% (about 7.5: reached, 0.4 away),
-- va3r +5.9% (about 6.5: missed, 0.6 away), fai +8% exactly (floor 8:
-- reached), loans 10999 (level 11000: missed by 1).
local r = result({
  gdpr = { 100, 106.5 }, rev = { 100, 104 }, vaindr = { 100, 107.1 }, va3r = { 100, 105.9 },
  fai = { 100, 108 }, indinv = { 100, 120 }, retail = { 100, 107 }, tloans = { 100, 114 },
  loans = { 10000, 10999 },
})
local rows = yz.evaluate(r, 2024)
local by = {}
for _, row in ipairs(rows) do by[row.var] = row end
check.eq(#rows, 9, "one row per target")
check.near(by.gdpr.gap, 0.5, 1e-12, "GDP gap")
check.eq(by.gdpr.met, true, "GDP above its floor")
check.near(by.rev.gap, -1, 1e-12, "revenue gap")
check.eq(by.rev.met, false, "revenue below its floor")
check.eq(by.vaindr.met, true, "industry within 0.5 of 'about 7.5'")
check.eq(by.va3r.met, false, "services 0.6 from 'about 6.5'")
check.eq(by.fai.met, true, "FAI exactly at its floor")
check.eq(by.indinv.met, true, "industrial investment above its floor")
check.near(by.loans.gap, -1, 1e-12, "loan gap in 100m yuan")
check.eq(by.loans.met, false, "loans one short of the level")

-- An extra column (as a probability of meeting the target will be).
local text = yz.print_targets(rows, {
  { header = "P(met)", width = 7, cell = function(row) return row.met and "1.00" or "0.00" end },
})
check.contains(text, "verdict  P(met)", "the extra header")
check.contains(text, "GDP, real                    >=6.0%       6.50%  +0.50 pp  reached    1.00",
               "a row with the extra column")
check.contains(text, "Loan balance, 100m yuan     >=11000       10999        -1  missed     0.00",
               "the level row")
check.contains(text, "5 of 9 targets reached", "the count")
