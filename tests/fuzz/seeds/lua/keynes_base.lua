-- Baseline of the Keynesian cross, 2025-2027: y(2025) = 825 (closed form).
local m = polsim.model("models/examples/keynes")
local r = m:scenario("base", { from = 2025, to = 2027 }):run()
print(string.format("y 2025 = %.6f", r:get("y", 2025)))
r:write("base.json")
