-- args: --set rate=5 --set label=high --set year=2026 --seed 42
-- polsim.args (the --set values), polsim.seed, polsim.version.
local check = require("lib.check")

check.eq(polsim.args.rate, 5, "a --set value that reads as a number is a number")
check.eq(polsim.args.year, 2026, "an integer value")
check.eq(math.type(polsim.args.year), "integer", "an integer value is an integer")
check.eq(polsim.args.label, "high", "any other value is a string")
check.eq(polsim.args.missing, nil, "an unset name is nil")
check.eq(polsim.seed, 42, "polsim.seed is --seed")
check.eq(polsim.version, polsim.args.expected_version, "polsim.version is the program's version")

-- The values drive a scenario.
local m = polsim.model("models/examples/keynes")
local s = m:scenario(polsim.args.label, { from = 2025, to = polsim.args.year })
s:grow("g", 2025, polsim.args.year, polsim.args.rate)
local r = s:run()
check.eq(r.scenario, "high", "scenario named from --set")
check.near(r.g[2026], 180 * 1.05 ^ 2, 1e-12, "g grown by --set rate")

-- The polsim table is read-only.
check.fails("cannot modify", "assigning into polsim", function() polsim.version = "x" end)
