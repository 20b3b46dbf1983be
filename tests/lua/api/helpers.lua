-- polsim.table, polsim.growth_table, polsim.share and their Result methods.
local check = require("lib.check")

local m = polsim.model("models/examples/keynes")
local r = m:scenario("base", { from = 2025, to = 2027 }):shock("g", 2026, 10):run()
-- y: 825, 850, 825; c: 445, 460, 445.

local t = polsim.table(r, { "y", "c" })
-- Columns as wide as their widest cell, two blanks apart, numbers right-aligned.
check.contains(t, "variable  unit  2025  2026  2027", "table header")
check.contains(t, "\ny         bn     825   850   825\n", "table row y")
check.contains(t, "\nc         bn     445   460   445\n", "table row c")
check.eq(r:table({ "y", "c" }), t, "r:table is polsim.table")

-- Periods from the history can be asked for.
local th = polsim.table(r, { "y" }, { from = 2023, to = 2024 })
-- one number of decimals a row: 828 shows as 828.0 beside 788.8
check.contains(th, "y         bn    788.8  828.0", "table of history years")
-- No list: every endogenous variable.
local ta = polsim.table(r)
check.contains(ta, "\ny ", "all endogenous: y")
check.contains(ta, "\nc ", "all endogenous: c")
check.is_true(not ta:find("\ng ", 1, true), "exogenous not listed by default")

-- growth_table: percent growth with two decimals.
local g = polsim.growth_table(r, { "y" })
-- 100 (825/828 - 1) = -0.36, 100 (850/825 - 1) = 3.03, 100 (825/850 - 1) = -2.94
check.contains(g, "y          %     -0.36  3.03  -2.94", "growth table row")
check.eq(r:growth_table({ "y" }), g, "r:growth_table")

-- share: 100 * part / whole for every period held.
local sh = polsim.share(r, "c", "y")
check.near(sh[2025], 100 * 445 / 825, 1e-10, "share of c in y 2025")
check.near(sh[2026], 100 * 460 / 850, 1e-10, "share 2026")
check.near(sh[2015], 100 * 322.6 / 575.4, 1e-10, "share over the history")

check.fails("result has no variable 'yy' (did you mean 'y'?)", "share typo", polsim.share, r, "c", "yy")
check.fails("period outside the result", "table beyond the result", polsim.table, r, { "y" }, { to = 2040 })
