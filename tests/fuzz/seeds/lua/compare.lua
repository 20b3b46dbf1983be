-- files: compare/keynes.csv compare/keynes.json compare/keynes.md compare/keynes.txt
-- polsim.compare and the Compare object: levels, differences from the base,
-- percent differences and growth differences, by hand.
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2028 })
local alt = base:copy("alt"):shock("g", 2025, 2026, 10)      -- y: 850, 850, 825, 825
local cut = base:copy("cut"):shock("t", 2025, 2028, 10)      -- y: 810 every year
local rb, ra, rc = base:run(), alt:run(), cut:run()

local c = polsim.compare(rb, ra, rc)
check.eq(tostring(c), "polsim.Compare of 3 results", "tostring(c)")

-- Periods: the solved ones by default (the history is the same input everywhere).
local diff = c:diff("y", "alt")
check.list(check.keys(diff), { 2025, 2026, 2027, 2028 }, "compared periods")
check.near(diff[2025], 25, 1e-10, "diff 2025")
check.near(diff[2027], 0, 1e-10, "diff 2027")
check.near(c:diff("y", "cut")[2025], -15, 1e-10, "diff of the tax scenario")
check.near(c:diff("y", "base")[2025], 0, 0, "the base against itself")

check.near(c:level("y", "alt")[2025], 850, 1e-10, "level")
check.near(c:pct("y", "alt")[2025], 100 * 25 / 825, 1e-10, "pct 2025")
check.near(c:pct("c", "cut")[2026], 100 * (430 / 445 - 1), 1e-10, "pct of c (c = 40 + 0.6 (810 - 160) = 430)")

-- growth: 100 (x(t) / x(t-1) - 1); the first period uses the history before it.
local ga = c:growth("y", "alt")
check.near(ga[2025], 100 * (850 / 828 - 1), 1e-10, "growth 2025 from the 2024 history")
check.near(ga[2026], 0, 1e-10, "growth 2026")
check.near(ga[2027], 100 * (825 / 850 - 1), 1e-10, "growth 2027")
-- growth_pp = growth(s) - growth(base): base grows 100 (825/828 - 1) in 2025, then 0.
local pp = c:growth_pp("y", "alt")
check.near(pp[2025], 100 * (850 / 828 - 1) - 100 * (825 / 828 - 1), 1e-10, "growth_pp 2025")
check.near(pp[2027], 100 * (825 / 850 - 1), 1e-10, "growth_pp 2027")
check.near(pp[2028], 0, 1e-10, "growth_pp 2028")

-- Another base, by scenario name (the last argument).
local c2 = polsim.compare(ra, rb, { base = "base" })
check.near(c2:diff("y", "alt")[2025], 25, 1e-10, "diff with { base = 'base' }")
local c3 = polsim.compare(rb, ra, { base = "alt" })
check.near(c3:diff("y", "base")[2025], -25, 1e-10, "diff against alt")

-- print: returns (and prints) the table; from/to limit the periods.
local text = c:print({ "y" }, { from = 2026, to = 2027 })
check.contains(text, "y - Output (GDP), bn", "print heading")
check.contains(text, "2026", "print has 2026")
check.is_true(not text:find("2028", 1, true), "print stops at 'to'")
check.contains(c:print(), "c - Household consumption", "print with no arguments: all endogenous")
-- The history can be compared too when asked for.
local text2 = c:print({ "y" }, { from = 2024, to = 2025 })
check.contains(text2, "2024", "print from a history year")

-- write: the format follows the extension.
check.contains(c:write("compare/keynes.csv"), "compare/keynes.csv", "c:write csv")
c:write("compare/keynes.json", { "y", "c" }, { to = 2026 })
c:write("compare/keynes.md")
c:write("compare/keynes.txt")

check.fails("no scenario 'alt2' in this comparison (did you mean 'alt'?)", "unknown scenario",
            c.diff, c, "y", "alt2")
check.fails("result has no variable 'yy' (did you mean 'y'?)", "unknown variable", c.pct, c, "yy", "alt")
check.fails("polsim.compare needs at least two results", "one result", polsim.compare, rb)
check.fails("no result of scenario 'nope'", "unknown base", polsim.compare, rb, ra, { base = "nope" })
check.fails("polsim.Result expected, got table", "not a result", polsim.compare, rb, {}, ra)
