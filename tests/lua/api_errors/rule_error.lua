-- status: 6
-- expect: rule_error.lua:9: attempt to perform arithmetic on a nil value (local 'target')
-- expect: in method 'run'
-- An error inside a rule reports the rule's own line, then where run() was called.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2026 })
s:rule(function(ctx)
  local target
  ctx:set("g", target * 2)
end)
s:run()
