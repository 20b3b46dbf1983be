-- s:rule: per-period Lua rules and their context (ctx.period, ctx:get,
-- ctx:set).  The rule is a fiscal reaction, g(t) = 180 - 0.2 (y(t-1) - 825),
-- checked against the recurrence iterated here by hand:
--   y(t) = (40 - 0.6 * 150 + 200 + g(t)) / 0.4,   y(2024) = 828 (history).
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local s = m:scenario("reaction", { from = 2025, to = 2034 })
local seen = {}
check.is_true(rawequal(s:rule(function(ctx, period)
  check.eq(ctx.period, period, "ctx.period is the second argument")
  seen[#seen + 1] = period
  local ylag = ctx:get("y", period - 1)
  ctx:set("g", 180 - 0.2 * (ylag - 825))
end), s), "rule returns the scenario")
local r = s:run()

local y = 828
for year = 2025, 2034 do
  local g = 180 - 0.2 * (y - 825)
  y = (40 - 0.6 * 150 + 200 + g) / 0.4
  check.near(r.g[year], g, 1e-10, "g " .. year)
  check.near(r.y[year], y, 1e-10, "y " .. year)
end
check.eq(#seen, 10, "the rule ran once per period")
check.eq(seen[1], 2025, "first rule call")
check.eq(seen[10], 2034, "last rule call")
-- The gap y - 825 halves and flips sign each year: 3 * (-0.5)^k, k years on.
check.near(r.y[2026] - 825, 3 * 0.25, 1e-10, "gap after two years")
check.near(r.y[2027] - 825, -3 * 0.125, 1e-10, "gap after three years")

-- Rules see the layered inputs of their period (ctx:get of an exogenous
-- value of the current period) and may set add-factors.
local t = m:scenario("reads inputs", { from = 2025, to = 2026 })
t:set("i", 2025, 2026, 210)
t:rule(function(ctx)
  ctx:set("c_a", ctx:get("i") - 200) -- 10: adds 10 to consumption
  check.near(ctx:get("g", ctx.period), 180, 1e-12, "ctx:get(var, period) of the current period")
  check.near(ctx:get("y", 2015), 575.4, 1e-12, "ctx:get of a history year")
end)
local rt = t:run()
check.near(rt.c_a[2025], 10, 1e-12, "add-factor set by a rule")
check.near(rt.y[2025], (40 - 90 + 210 + 180 + 10) / 0.4, 1e-10, "y with the rule's add-factor")

-- A parent's rules run in its children too, before the child's own.
local child = s:copy("reaction + shock"):shock("i", 2025, 2034, 10)
local order = {}
s:rule(function() order[#order + 1] = "parent" end)
child:rule(function() order[#order + 1] = "child" end)
local rc = child:run()
check.eq(order[1], "parent", "parent's rules run first")
check.eq(order[2], "child", "then the child's")
local yc = 828
for year = 2025, 2034 do
  local g = 180 - 0.2 * (yc - 825)
  yc = (40 - 90 + 210 + g) / 0.4
  check.near(rc.y[year], yc, 1e-10, "child with the parent's rule, y " .. year)
end

-- The context lives only during its call.
local kept
local u = m:scenario("keeps ctx", { from = 2025, to = 2025 })
u:rule(function(ctx) kept = ctx end)
u:run()
check.fails("a rule context is only valid during its rule call", "ctx used after its call",
            function() return kept.period end)

-- Endogenous values of the current period are not known yet.
local v = m:scenario("reads y now", { from = 2025, to = 2025 })
v:rule(function(ctx) ctx:get("y") end)
check.fails("endogenous values of the current period are not solved yet", "ctx:get(y) now", v.run, v)

-- Rules set exogenous values and add-factors only.
local w = m:scenario("sets y", { from = 2025, to = 2025 })
w:rule(function(ctx) ctx:set("y", 1) end)
check.fails("a rule sets exogenous variables or add-factors only", "ctx:set(y)", w.run, w)

-- A later period cannot be read.
local x = m:scenario("reads the future", { from = 2025, to = 2026 })
x:rule(function(ctx) ctx:get("g", 2026) end)
check.fails("period is outside what a rule can read", "ctx:get of a later period", x.run, x)

-- An error in a rule names the rule's line.
local e = m:scenario("fails", { from = 2025, to = 2025 })
e:rule(function() error("no reaction today") end)
check.fails("rule.lua:85: no reaction today", "error raised in a rule", e.run, e)

check.fails("polsim.RuleContext has no field or method 'sett' (did you mean 'set'?)",
            "unknown member of a rule context",
            function() m:scenario("typo", { from = 2025, to = 2025 }):rule(function(ctx) ctx:sett("g", 1) end):run() end)
