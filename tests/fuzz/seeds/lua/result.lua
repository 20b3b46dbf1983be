-- files: result/keynes.json result/keynes.csv
-- The Result object: what a run returns.  It holds the history before the
-- horizon and the solved periods (r.first is the first solved one).
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2030 })
s:set("g", 2026, 2030, 190)
local r = s:run()

check.eq(r.scenario, "base", "r.scenario")
check.eq(r.model, "keynes", "r.model")
check.eq(r.frequency, "annual", "r.frequency")
check.eq(r.first, 2025, "r.first: the first solved period")
check.eq(r.last, 2030, "r.last")
check.eq(tostring(r), "polsim.Result 'base' of model 'keynes' (2015..2030, 6 series)", "tostring(r)")

-- periods(): all periods held (history from 2015); periods(true): solved only.
local all = r:periods()
check.eq(#all, 16, "number of periods")
check.eq(all[1], 2015, "first period held")
check.eq(all[16], 2030, "last period held")
check.list(r:periods(true), { 2025, 2026, 2027, 2028, 2029, 2030 }, "solved periods")
check.list(r:variables(), { "y", "c", "i", "g", "t", "c_a" }, "r:variables()")

-- History is as in history.csv; add-factors are computed so that the model
-- reproduces it: c_a(2024) = 448 - (40 + 0.6 * (828 - 150)) = 1.2.
check.eq(r.y[2015], 575.4, "history y 2015")
check.eq(r.c[2024], 448.0, "history c 2024")
check.near(r.c_a[2024], 1.2, 1e-12, "computed add-factor 2024")
check.near(r.c_a[2015], 322.6 - (40 + 0.6 * (575.4 - 100.9)), 1e-12, "computed add-factor 2015")
check.eq(r.c_a[2025], 0.0, "projected add-factors default to 0")

-- Solved values: y = (40 - 90 + 200 + g) / 0.4.
check.near(r.y[2025], 825, 1e-10, "r.y[2025]")
check.near(r.y[2026], 850, 1e-10, "r.y[2026]")
check.eq(r.y[2040], nil, "r.VAR[p] outside the result is nil (a plain table)")

local y = r:series("y")
check.near(y[2026], 850, 1e-10, "r:series")
check.eq(y[2015], 575.4, "r:series has the history")
check.near(r:get("y", 2026), 850, 1e-10, "r:get")
check.near(r:level("y", 2026), 850, 1e-10, "r:level")
check.near(r:get("y", "2026"), 850, 1e-10, "r:get with a period label")

-- growth in percent: 100 (x(t) / x(t-1) - 1), the first solved year against
-- the last history year.
check.near(r:growth("y", 2025), 100 * (825 / 828 - 1), 1e-10, "r:growth 2025")
check.near(r:growth("y", 2026), 100 * (850 / 825 - 1), 1e-10, "r:growth 2026")
local gy = r:growth("y")
check.eq(gy[2015], nil, "no growth for the first period held")
check.near(gy[2016], 100 * (619.2 / 575.4 - 1), 1e-10, "growth series over history")
check.near(gy[2026], 100 * (850 / 825 - 1), 1e-10, "growth series 2026")
check.fails("growth needs the period before it in the result", "growth of the first period",
            r.growth, r, "y", 2015)

check.eq(r:unit("y"), "bn", "r:unit")
check.eq(r:description("c"), "Household consumption", "r:description")
check.eq(r:unit("c_a"), "bn", "add-factor unit")

local d = r:diagnostics()
check.eq(d.periods, 6, "diagnostics.periods")
check.eq(math.type(d.newton_iterations), "integer", "counts are integers")
check.is_true(d.blocks_solved >= 6, "a block per period at least")
check.is_true(d.max_residual <= 1e-10, "max residual within the solver's tolerance")
check.eq(d.halvings, 0, "no damping for a linear model")

-- write: by extension, under the output folder; returns the path written.
local path = r:write("result/keynes.json")
check.contains(path, "result/keynes.json", "r:write returns the path")
r:write("result/keynes.csv")
check.fails("absolute", "write outside the output folder", r.write, r, "/tmp/x.json")
check.fails("'..'", "write with ..", r.write, r, "../x.json")

-- Methods win over variables of the same name; r:series always works.
check.eq(type(r.growth), "function", "r.growth is the method")
check.fails("polsim.Result has no method, field or variable 'yy' (did you mean 'y'?)",
            "unknown variable", function() return r.yy end)
check.fails("period outside the result (2015..2030)", "r:get outside", r.get, r, "y", 2031)
check.fails("result has no variable 'gdp'", "r:series of a missing variable", r.series, r, "gdp")

-- A result outlives its scenario and model objects.
local r2 = polsim.model("models/examples/keynes"):scenario("tmp", { from = 2025, to = 2025 }):run()
collectgarbage()
check.near(r2.y[2025], 825, 1e-10, "result after its model was collected")
