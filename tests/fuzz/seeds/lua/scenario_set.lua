-- s:set in all its forms, s:inputs, the scenario's fields and its defaults.
-- Keynesian cross (mpc = 0.6, c0 = 40): after 2024, with taxes t = 150 held
-- and no add-factor, y = (c0 - mpc t + i + g) / (1 - mpc) = (150 + i + g) / 0.4 - ...
-- precisely y = (40 - 90 + i + g) / 0.4.
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local function y_of(i, g) return (40 - 0.6 * 150 + i + g) / 0.4 end

-- Defaults: the year after the history, ten years.
local d = m:scenario("defaults")
check.eq(d.name, "defaults", "s.name")
check.eq(d.from, 2025, "default from")
check.eq(d.to, 2034, "default to")
check.eq(d.parent, nil, "a root scenario has no parent")
check.is_true(rawequal(d.model, m), "s.model is the model it came from")
check.eq(tostring(d), "polsim.Scenario 'defaults' (2025..2034)", "tostring(s)")
check.eq(m:scenario("to_only", { to = 2027 }).to, 2027, "{ to = } alone")

local s = m:scenario("forms", { from = 2025, to = 2030 })
check.eq(s.from, 2025, "from")
check.eq(s.to, 2030, "to")

-- (var, period, value)
check.is_true(rawequal(s:set("g", 2025, 190), s), "set returns the scenario")
-- (var, {[period] = value}), integer and string keys
s:set("i", { [2026] = 210, ["2027"] = 220 })
-- (var, first, last, value)
s:set("g", 2028, 2029, 200)
-- (var, first, last, {values})
s:set("i", 2028, 2030, { 230, 240, 250 })

local g = s:inputs("g")
local i = s:inputs("i")
check.eq(g[2024], 180.0, "inputs keep the history (g 2024)")
check.eq(g[2025], 190, "set(var, p, v)")
check.eq(g[2026], 180.0, "unset years hold the last observed value")
check.eq(g[2028], 200, "set(var, p0, p1, v) first")
check.eq(g[2029], 200, "set(var, p0, p1, v) last")
check.eq(g[2030], 180.0, "after a range the held value again")
check.eq(i[2026], 210, "set(var, {[p] = v}) integer key")
check.eq(i[2027], 220, "set(var, {[\"p\"] = v}) string key")
check.list({ i[2028], i[2029], i[2030] }, { 230, 240, 250 }, "set(var, p0, p1, {values})")
check.eq(i[2015], 126.3, "inputs from the first history year")

local r = s:run()
local expect = {
  [2025] = y_of(200, 190), [2026] = y_of(210, 180), [2027] = y_of(220, 180),
  [2028] = y_of(230, 200), [2029] = y_of(240, 200), [2030] = y_of(250, 180),
}
for year, y in pairs(expect) do
  check.near(r.y[year], y, 1e-10, "y " .. year)
  check.near(r.c[year], 40 + 0.6 * (y - 150), 1e-10, "c " .. year)
end

-- A later set of the same periods wins (changes apply in order).
s:set("g", 2025, 195)
check.near(s:run().y[2025], y_of(200, 195), 1e-10, "the later set wins")

-- A rounded whole year given as a float is still a year.
s:set("g", 2026.0, 181)
check.eq(s:inputs("g")[2026], 181, "a float year with no fraction")
