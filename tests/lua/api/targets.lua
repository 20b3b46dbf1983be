-- s:target / s:instrument / r:targets(): targets reached by swapping roles in
-- the model (square), by the smallest change (more instruments), by least
-- squares (fewer) and within bounds; every expected number is worked out by
-- hand from the Keynesian cross
--   y = (c0 + c_a - mpc t + i + g) / (1 - mpc),  c = c0 + c_a + mpc (y - t)
-- with c0 = 40, mpc = 0.6, t = 150, i = 200, g = 180, c_a = 0 after 2024
-- (so y = 825 and c = 445 with nothing changed), or by bisection over plain
-- runs for the nonlinear model.
local check = require("lib.check")
local m = polsim.model("models/examples/keynes")
local function g_for(y, i, t, ca) return y * 0.4 - 40 - (ca or 0) + 0.6 * (t or 150) - (i or 200) end

-- Square: one target, one instrument, exact.
local s = m:scenario("square", { from = 2025, to = 2027 })
s:target("y", 2025, 900):instrument("g", 2025)
local r = s:run()
check.near(r.g[2025], g_for(900), 1e-10, "g for y = 900")
check.near(r.y[2025], 900, 1e-12, "y reached")
check.near(r.g[2026], 180, 0, "g outside the target period keeps the scenario's value")
check.near(r.y[2026], 825, 1e-10, "y after the target period")
local t = r:targets()
check.eq(#t, 1, "one target reported")
check.eq(t[1].var, "y", "target var")
check.eq(t[1].period, 2025, "target period")
check.eq(t[1].method, "exact", "square method")
check.is_true(t[1].met, "met")
check.is_true(math.abs(t[1].gap) <= 1e-8 * 900, "gap within 1e-8 relative")
check.eq(t[1].note, "", "no note when met")
check.eq(#m:scenario("none", { from = 2025, to = 2025 }):run():targets(), 0, "no targets: empty list")

-- The history's add-factor of 2024 (1.2) enters the closed form too.
local h = m:scenario("hist", { from = 2024, to = 2024 }):target("y", 2024, 1000):instrument("g", 2024)
check.near(h:run().g[2024], g_for(1000, 200, 150, 1.2), 1e-10, "g with the 2024 add-factor")

-- An add-factor as instrument.
local af = m:scenario("af", { from = 2025, to = 2025 }):target("y", 2025, 900):instrument("c_a", 2025)
check.near(af:run().c_a[2025], 30, 1e-10, "add-factor instrument: c_a = 360 - 330")

-- A path target: one instrument value per period.
local path = m:scenario("path", { from = 2025, to = 2027 })
path:target("y", 2025, 2027, { 900, 910, 920 }):instrument("g", 2025, 2027)
local rp = path:run()
for k, y in ipairs({ 900, 910, 920 }) do
  check.near(rp.g[2024 + k], g_for(y), 1e-10, "path g " .. (2024 + k))
end
check.eq(#rp:targets(), 3, "three target periods reported")
local map = m:scenario("map", { from = 2025, to = 2026 })
map:target("y", { [2025] = 900, [2026] = 950 }):instrument("g", 2025, 2026)
check.near(map:run().g[2026], g_for(950), 1e-10, "{[period] = value} form")

-- Growth targets: 3 % a year from y(2024) = 828.
local gr = m:scenario("grow", { from = 2025, to = 2027 })
gr:target("y", 2025, 2027, 3, { growth = true }):instrument("g", 2025, 2027)
local rg = gr:run()
local y = 828
for p = 2025, 2027 do
  y = y * 1.03
  check.near(rg.y[p], y, 1e-10, "growth path y " .. p)
  check.near(rg.g[p], g_for(y), 1e-9, "growth path g " .. p)
  check.near(rg:growth("y", p), 3, 1e-9, "growth " .. p)
end
check.is_true(rg:targets()[1].growth, "growth flag reported")

-- More instruments than targets: the smallest weighted change.  y must rise
-- by 75, so spending by 30: equal weights split it 15/15; weights 4 and 1
-- minimise 4 dg^2 + di^2 with dg + di = 30: dg = 6, di = 24.
local two = m:scenario("two", { from = 2025, to = 2025 })
two:target("y", 2025, 900):instrument("g", 2025):instrument("i", 2025)
local r2 = two:run()
check.near(r2.g[2025], 195, 1e-8, "min-norm g")
check.near(r2.i[2025], 215, 1e-8, "min-norm i")
check.eq(r2:targets()[1].method, "smallest change", "method")
check.is_true(r2:targets()[1].met, "met with two instruments")
local wt = m:scenario("weighted", { from = 2025, to = 2025 })
wt:target("y", 2025, 900):instrument("g", 2025, { weight = 4 }):instrument("i", 2025)
local rw = wt:run()
check.near(rw.g[2025], 186, 1e-8, "weighted g")
check.near(rw.i[2025], 224, 1e-8, "weighted i")

-- Fewer instruments than targets: least squares.  g = 180 + d gives
-- y = 825 + 2.5 d, c = 445 + 1.5 d; targets y = 900, c = 500:
-- d = (2.5 * 75 + 1.5 * 55) / (2.5^2 + 1.5^2).
local ls = m:scenario("ls", { from = 2025, to = 2025 })
ls:target("y", 2025, 900):target("c", 2025, 500):instrument("g", 2025)
local rl = ls:run()
local d = (2.5 * 75 + 1.5 * 55) / (2.5 ^ 2 + 1.5 ^ 2)
check.near(rl.g[2025], 180 + d, 1e-8, "least-squares g")
local tl = rl:targets()
check.near(tl[1].gap, 2.5 * d - 75, 1e-7, "least-squares gap of y")
check.near(tl[2].gap, 1.5 * d - 55, 1e-7, "least-squares gap of c")
check.eq(tl[1].method, "least squares", "method")
check.is_true(not tl[1].met and not tl[2].met, "both missed")
check.contains(tl[2].note, "c falls", "note on c")
check.contains(tl[2].note, "least squares", "note says least squares")
-- Weighted least squares: weight 4 on c: d = (2.5*75 + 4*1.5*55) / (2.5^2 + 4*1.5^2).
local lw = m:scenario("lw", { from = 2025, to = 2025 })
lw:target("y", 2025, 900):target("c", 2025, 500, { weight = 4 }):instrument("g", 2025)
check.near(lw:run().g[2025], 180 + (2.5 * 75 + 4 * 1.5 * 55) / (2.5 ^ 2 + 4 * 1.5 ^ 2), 1e-8,
  "weighted least squares")

-- Bounds: g capped at 200 reaches y = (40 - 90 + 200 + 200) / 0.4 = 875.
local cap = s:copy("cap"):instrument("g", 2025, { max = 200 })
local rc = cap:run()
check.near(rc.g[2025], 200, 0, "g at its max")
local tc = rc:targets()[1]
check.is_true(not tc.met, "a binding bound misses the target")
check.near(tc.gap, -25, 1e-9, "gap left by the bound")
check.eq(tc.method, "bounded", "method")
check.eq(tc.note, "g reaches its max 200 in 2025; y falls 25 short of 900", "named bound")
check.eq(tc.binding[1].instrument, "g", "binding instrument")
check.eq(tc.binding[1].bound, "max", "binding side")
check.near(tc.binding[1].value, 200, 0, "binding value")
-- A bound that binds while another instrument still meets the target.
local both = two:copy("both"):instrument("g", 2025, { max = 190 })
local rb = both:run()
check.near(rb.g[2025], 190, 0, "g held at 190")
check.near(rb.i[2025], 220, 1e-8, "i takes the rest")
check.is_true(rb:targets()[1].met, "still met")
check.eq(rb:targets()[1].binding[1].instrument, "g", "the binding bound is listed")
local low = m:scenario("low", { from = 2025, to = 2025 }):target("y", 2025, 700):instrument("g", 2025, { min = 150 })
check.eq(low:run():targets()[1].note, "g reaches its min 150 in 2025; y exceeds 700 by 50", "min bound")

-- Layering: a child inherits targets and instruments, its own target for the
-- same variable and period wins, and later changes to the parent flow in.
local child = s:copy("child"):target("y", 2025, 950)
check.near(child:run().g[2025], g_for(950), 1e-10, "child's target wins")
check.near(s:run().g[2025], g_for(900), 1e-10, "parent keeps its own target")
s:set("i", 2025, 210)
check.near(child:run().g[2025], g_for(950, 210), 1e-10, "a later parent change flows into the child")
check.near(child:run().g[2025], g_for(950, 210), 1e-10, "a second run (cached swapped program)")

-- Nonlinear model with a six-equation simultaneous block: the target is
-- reached exactly, in a few Newton iterations, and agrees with a bisection on
-- g over plain runs.
local nl = polsim.model("models/examples/nonlin")
local base = nl:scenario("base", { from = 2024, to = 2026 }):run()
local want = base.y[2024] * 1.02
local tn = nl:scenario("tn", { from = 2024, to = 2024 }):target("y", 2024, want):instrument("g", 2024)
local rn = tn:run()
check.near(rn.y[2024], want, 1e-10, "nonlinear target")
check.is_true(rn:targets()[1].met, "nonlinear target met")
check.is_true(rn:diagnostics().newton_iterations <= 10, "a few Newton iterations, got "
  .. rn:diagnostics().newton_iterations)
local lo, hi = base.g[2024], base.g[2024] * 2
for _ = 1, 80 do
  local mid = (lo + hi) / 2
  local yb = nl:scenario("b", { from = 2024, to = 2024 }):set("g", 2024, mid):run().y[2024]
  if yb < want then lo = mid else hi = mid end
end
check.near(rn.g[2024], (lo + hi) / 2, 1e-8, "target solve vs bisection")
-- A growth path of inflation through the money supply (each period exact).
local infl = nl:scenario("infl", { from = 2024, to = 2026 }):target("infl", 2024, 2026, 2):instrument("m", 2024, 2026)
local ri = infl:run()
for p = 2024, 2026 do check.near(ri.infl[p], 2, 1e-9, "inflation " .. p) end
-- Two targets, two instruments, through the nonlinear block: output and the
-- interest rate with spending and money.
local sq2 = nl:scenario("sq2", { from = 2024, to = 2024 })
sq2:target("y", 2024, want):target("r", 2024, 3):instrument("g", 2024):instrument("m", 2024)
local r22 = sq2:run()
check.near(r22.y[2024], want, 1e-10, "2x2: y")
check.near(r22.r[2024], 3, 1e-10, "2x2: r")
local chk = nl:scenario("chk", { from = 2024, to = 2024 }):set("g", 2024, r22.g[2024]):set("m", 2024, r22.m[2024]):run()
check.near(chk.y[2024], want, 1e-9, "2x2: a plain run with the instruments found")
check.near(chk.r[2024], 3, 1e-8, "2x2: the interest rate of the plain run")
-- Output fixes prices (the Phillips curve), so output and inflation cannot be
-- chosen apart in one period: structurally singular, said so.
local sing2 = nl:scenario("sing2", { from = 2024, to = 2024 })
sing2:target("y", 2024, want):target("infl", 2024, 1.5):instrument("g", 2024):instrument("m", 2024)
check.fails("cannot move target 'infl' in 2024 independently of the other targets",
  "2x2 singular", sing2.run, sing2)

-- Errors, each naming what is wrong and what would be right.
local e = m:scenario("e", { from = 2025, to = 2026 })
check.fails("'g' is exogenous: a target must be an endogenous variable", "exogenous target",
  e.target, e, "g", 2025, 1)
check.fails("'y' is endogenous (determined by equation [gdp]): an instrument must be exogenous",
  "endogenous instrument", e.instrument, e, "y", 2025)
check.fails("(did you mean 'g'?)", "unknown instrument", e.instrument, e, "gg", 2025)
check.fails("(did you mean 'y'?)", "unknown target", e.target, e, "yy", 2025, 1)
check.fails("target 'y' at 2030 is outside the solved periods 2025..2026", "period outside",
  e.target, e, "y", 2030, 1)
check.fails("instrument 'g' at 2024 is outside the solved periods", "instrument outside",
  e.instrument, e, "g", 2024)
check.fails("unknown option 'grwth' (did you mean 'growth'?)", "bad option", e.target, e, "y", 2025, 1, { grwth = true })
check.fails("the bounds [5, 1] are empty", "empty bounds", e.instrument, e, "g", 2025, { min = 5, max = 1 })
check.fails("the weight must be a positive number", "bad weight", e.instrument, e, "g", 2025, { weight = 0 })
local noi = m:scenario("noi", { from = 2025, to = 2026 }):target("y", 2026, 900):instrument("g", 2025)
check.fails("target 'y' in 2026 has no instrument in 2026", "no instrument in the period", noi.run, noi)
local lg = polsim.model("tests/lua/api/models/lagged")
local sing = lg:scenario("sing", { from = 2024, to = 2025 }):target("b", 2025, 10):instrument("w", 2025)
check.fails("instrument 'w' cannot move target 'b' in 2025", "structurally singular", sing.run, sing)
-- The lever that acts at once: b = 10 in 2025 needs a = 9 = 0.5 a(2024) + x + w(2024).
local ok = lg:scenario("ok", { from = 2024, to = 2025 }):target("b", 2025, 10):instrument("x", 2025)
local ro = ok:run()
check.near(ro.x[2025], 9 - 0.5 * ro.a[2024] - 1, 1e-12, "lagged model: x for b = 10")

-- Rules run before each period's solve; the instrument is then solved on top
-- of what they set (i = 210: g = 360 - 40 + 90 - 210 = 200).
local ru = m:scenario("rules", { from = 2025, to = 2026 }):target("y", 2025, 2026, 900):instrument("g", 2025, 2026)
ru:rule(function(ctx) ctx:set("i", 210) end)
local rr = ru:run()
check.near(rr.g[2025], 200, 1e-10, "target with a rule, 2025")
check.near(rr.g[2026], 200, 1e-10, "target with a rule, 2026")

-- Quarterly periods (tests/lua/api/models/qcross: y = c0 + mpc y(-1) + i + g,
-- c0 = 10, mpc = 0.5, y(2024Q4) = 114, i = 24): y = 120 needs g = 120 - 10 - 57 - 24.
local q = polsim.model("tests/lua/api/models/qcross")
local rq = q:scenario("q", { from = "2025Q1", to = "2025Q2" }):target("y", "2025Q1", 120)
  :instrument("g", "2025Q1"):run()
check.near(rq.g["2025Q1"], 29, 1e-10, "quarterly target")
check.eq(rq:targets()[1].period, "2025Q1", "quarterly period label")

-- A different target and instrument in each of six periods: six swapped
-- programs in one run (the scenario's cache grows while the run is planned).
-- Hand answers for y = 900: g = 210 (i = 200, t = 150 held); i = 360 - 40 + 90
-- - 180 = 230; t from 0.6 t = 40 + 200 + 180 - 360, t = 100; c_a = 30.  For
-- c = 500: y = (c - 40) / 0.6 + 150 from the consumption equation, then
-- g = y - c - i or i = y - c - g from the identity.
local many = m:scenario("many", { from = 2025, to = 2030 })
many:target("y", 2025, 900):instrument("g", 2025)
many:target("y", 2026, 900):instrument("i", 2026)
many:target("y", 2027, 900):instrument("t", 2027)
many:target("y", 2028, 900):instrument("c_a", 2028)
many:target("c", 2029, 500):instrument("g", 2029)
many:target("c", 2030, 500):instrument("i", 2030)
for _ = 1, 2 do                       -- the second run reuses the cached programs
  local rm = many:run()
  check.near(rm.g[2025], 210, 1e-10, "many: g 2025")
  check.near(rm.i[2026], 230, 1e-10, "many: i 2026")
  check.near(rm.t[2027], 100, 1e-10, "many: t 2027")
  check.near(rm.c_a[2028], 30, 1e-10, "many: c_a 2028")
  local yc = (500 - 40) / 0.6 + 150
  check.near(rm.g[2029], yc - 500 - 200, 1e-9, "many: g 2029")
  check.near(rm.i[2030], yc - 500 - 180, 1e-9, "many: i 2030")
  for _, o in ipairs(rm:targets()) do check.is_true(o.met, "many: met " .. o.period) end
end

-- Smallest change on the nonlinear model: with equal weights the change is
-- proportional to the sensitivities (x - x0 = lambda * dy/dx, the Lagrange
-- condition), which central differences over plain runs measure here.
local two_nl = nl:scenario("two_nl", { from = 2024, to = 2024 }):target("y", 2024, want)
  :instrument("g", 2024):instrument("m", 2024)
local rt = two_nl:run()
check.near(rt.y[2024], want, 1e-10, "nonlinear smallest change: target met")
local g1, m1 = rt.g[2024], rt.m[2024]
local function y_at(gv, mv)
  return nl:scenario("p", { from = 2024, to = 2024 }):set("g", 2024, gv):set("m", 2024, mv):run().y[2024]
end
local h = 1e-2
local jg = (y_at(g1 + h, m1) - y_at(g1 - h, m1)) / (2 * h)
local jm = (y_at(g1, m1 + h) - y_at(g1, m1 - h)) / (2 * h)
check.near((g1 - base.g[2024]) / jg, (m1 - base.m[2024]) / jm, 1e-7, "Lagrange condition")
