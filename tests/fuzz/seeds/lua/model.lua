-- polsim.model and the Model object: fields, symbol lists, describe, history.
-- Expected values are read off models/examples/keynes/keynes.model and its
-- history.csv by hand; the hash is the file's SHA-256 as computed by
-- sha256sum (the shell test passes it as --set keynes_sha256=...).
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
check.eq(m.name, "keynes", "m.name")
check.eq(m.title, "Keynesian cross", "m.title")
check.eq(m.frequency, "annual", "m.frequency")
check.eq(m.path, "models/examples/keynes/keynes.model", "m.path")
check.eq(m.hash, polsim.args.keynes_sha256, "m.hash (SHA-256 of the model file)")
check.contains(tostring(m), "polsim.Model 'keynes' (2 equations)", "tostring(m)")

-- A model file can be named directly too.
local m2 = polsim.model("models/examples/keynes/keynes.model")
check.eq(m2.hash, m.hash, "model loaded by file name")

local function names(list)
  local out = {}
  for k, v in ipairs(list) do out[k] = v.name end
  return out
end

check.list(names(m:variables()), { "y", "c", "i", "g", "t" }, "m:variables()")
check.list(names(m:endogenous()), { "y", "c" }, "m:endogenous()")
check.list(names(m:exogenous()), { "i", "g", "t" }, "m:exogenous()")
check.list(names(m:levers()), { "i", "g", "t" }, "m:levers()")
check.list(names(m:parameters()), { "c0", "mpc" }, "m:parameters()")

local mpc = m:parameters()[2]
check.eq(mpc.kind, "parameter", "mpc.kind")
check.eq(mpc.value, 0.6, "mpc.value")

local y = m:describe("y")
check.eq(y.name, "y", "describe(y).name")
check.eq(y.kind, "endogenous", "describe(y).kind")
check.eq(y.description, "Output (GDP)", "describe(y).description")
check.eq(y.unit, "bn", "describe(y).unit")
check.eq(y.lever, false, "describe(y).lever")
check.eq(y.equation, "gdp", "describe(y).equation")

local g = m:describe("g")
check.eq(g.kind, "exogenous", "describe(g).kind")
check.eq(g.lever, true, "describe(g).lever")
check.eq(g.equation, nil, "describe(g).equation")
check.eq(m:describe("c").equation, "consumption", "describe(c).equation")
check.eq(m:describe("c_a").kind, "add-factor", "describe(c_a).kind")

-- history: every year of history.csv, numbers as written there.
local hy = m:history("y")
check.list(check.keys(hy), { 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024 },
           "history(y) years")
check.eq(hy[2015], 575.4, "history(y)[2015]")
check.eq(hy[2024], 828.0, "history(y)[2024]")
check.eq(m:history("t")[2020], 125.8, "history(t)[2020]")
-- Add-factors are not data: history.csv has none (a run computes them, see
-- result.lua).
check.eq(next(m:history("c_a")), nil, "history(c_a) is empty")

check.fails("a parameter has no history", "history of a parameter", m.history, m, "mpc")
check.fails("did you mean 'y'", "describe of a typo", m.describe, m, "yy")
check.fails("polsim.Model has no field or method 'histroy' (did you mean 'history'?)",
            "unknown method", function() return m.histroy end)
