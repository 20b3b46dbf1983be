-- s:copy: layered scenarios.  A child starts from everything its parent says
-- and overrides on top; the layers are applied at run time, root first, so a
-- change made to the parent after the copy still flows into the child, and a
-- child's shock applies to the parent's path.
local check = require("lib.check")

local m = polsim.model("models/examples/keynes")
local function y_of(i, g) return (40 - 0.6 * 150 + i + g) / 0.4 end

local base = m:scenario("base", { from = 2025, to = 2027 })
base:set("g", 2025, 2027, 200)

local child = base:copy("child")
check.eq(child.name, "child", "child name")
check.is_true(rawequal(child.parent, base), "child.parent is the parent")
check.is_true(rawequal(child.model, m), "child.model")
check.eq(child.from, 2025, "child inherits from")
check.eq(child.to, 2027, "child inherits to")
check.eq(tostring(child), "polsim.Scenario 'child' (from 'base') (2025..2027)", "tostring(child)")

child:shock("g", 2025, 10)              -- on top of the parent's 200: 210
check.near(child:inputs("g")[2025], 210, 1e-12, "child's shock on the parent's path")
check.near(child:run().y[2025], y_of(200, 210), 1e-10, "child y 2025")

-- A later change to the parent flows into the child; the shock follows it.
base:set("g", 2025, 2027, 220)
check.near(child:inputs("g")[2025], 230, 1e-12, "later parent change + child shock")
check.near(child:inputs("g")[2026], 220, 1e-12, "later parent change, no child change")
local rc = child:run()
check.near(rc.y[2025], y_of(200, 230), 1e-10, "child y after the parent changed")
check.near(rc.y[2026], y_of(200, 220), 1e-10, "child y 2026 after the parent changed")
check.near(base:run().y[2025], y_of(200, 220), 1e-10, "parent y: the child's shock stays in the child")

-- The child's own set wins over the parent's, even over a later one.
child:set("i", 2026, 250)
base:set("i", 2026, 150)
check.near(child:inputs("i")[2026], 250, 1e-12, "child's set beats a later parent set")
check.near(base:inputs("i")[2026], 150, 1e-12, "parent keeps its own set")

-- Three layers.
local grandchild = child:copy("grandchild"):shock_pct("i", 2025, 10)
check.is_true(rawequal(grandchild.parent, child), "grandchild.parent")
check.near(grandchild:inputs("i")[2025], 220, 1e-12, "grandchild shock_pct of i")
check.near(grandchild:inputs("g")[2025], 230, 1e-12, "grandchild sees both layers above")
base:shock("g", 2025, 5)
check.near(grandchild:inputs("g")[2025], 235, 1e-12, "a root change reaches the grandchild")
check.near(grandchild:run().y[2025], y_of(220, 235), 1e-10, "grandchild y")

-- Siblings are independent.
local sibling = base:copy("sibling")
check.near(sibling:inputs("g")[2025], 225, 1e-12, "a sibling sees the parent only")

-- A copy keeps its parent alive even when the script drops the parent.
local orphan = m:scenario("tmp", { from = 2025, to = 2025 }):set("g", 2025, 300):copy("orphan")
collectgarbage()
check.near(orphan:run().g[2025], 300, 1e-12, "parent kept alive by its child")
