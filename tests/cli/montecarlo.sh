#!/usr/bin/env bash
# polsim.montecarlo through `polsim run` (docs/lua-api.md, "Monte Carlo"):
#   - the same seed writes byte-identical JSON for threads = 1, 2 and 4,
#     failed draws included (nonlin with a tax rate of 3 in half the draws:
#     y - tax < 0 under the consumption equation's log, no solution);
#   - a different seed writes different draws;
#   - the document is a polsim.montecarlo file of schema version 1 with the
#     quantile levels of docs/output-format.md;
#   - a bad option exits with status 6 and the script's line.
source "$(dirname "$0")/lib.bash"

cat > "$TMP/mc.lua" <<'LUA'
local m = polsim.model("models/examples/nonlin")
local s = m:scenario("base", { from = 2025, to = 2027 })
local mc = polsim.montecarlo(s, {
  draws = 2000, seed = tonumber(polsim.args.seed), threads = tonumber(polsim.args.threads),
  params = { a1 = { dist = "truncnormal", mean = 0.7, sd = 0.05, min = 0.5, max = 0.9 } },
  exogenous = { trate = { dist = "choice", values = { 0.21, 3 }, from = 2026, to = 2026 },
                g = { dist = "normal", mean = 0, sd = 2, rho = 0.8 } },
  residuals = "bootstrap", keep = { "y", "infl" } })
local n, first = mc:failed()
print(string.format("failed %d of %d; first: %s", n, mc:draws(), first))
mc:write("mc.json")
LUA

for t in 1 2 4; do
  check "run-threads-$t" 0 "failed [0-9]+ of 2000; first: draw [0-9]+: .*2026" -- \
    "$POLSIM" run "$TMP/mc.lua" -o "$TMP/t$t" --set threads=$t --set seed=17
done
check same-bytes-1-2 0 "" -- cmp "$TMP/t1/mc.json" "$TMP/t2/mc.json"
check same-bytes-1-4 0 "" -- cmp "$TMP/t1/mc.json" "$TMP/t4/mc.json"
check other-seed 0 "" -- "$POLSIM" run "$TMP/mc.lua" -o "$TMP/s18" --set threads=2 --set seed=18
check other-seed-differs 1 "" -- cmp -s "$TMP/t1/mc.json" "$TMP/s18/mc.json"
check schema 0 "" -- grep -Eq '"schema":[[:space:]]+"polsim.montecarlo"' "$TMP/t1/mc.json"
check schema-version 0 "" -- grep -Eq '"schema_version":[[:space:]]+1,' "$TMP/t1/mc.json"
check levels 0 "" -- grep -Fq '"quantile_levels":	[0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]' "$TMP/t1/mc.json"
check residual-mode 0 "" -- grep -Eq '"mode":[[:space:]]+"bootstrap"' "$TMP/t1/mc.json"
check kept-draws 0 "" -- grep -Eq '"kept":[[:space:]]+\{' "$TMP/t1/mc.json"

printf 'local m = polsim.model("models/examples/keynes")\nlocal s = m:scenario("b", { from = 2025, to = 2026 })\npolsim.montecarlo(s, { draws = 10, residuals = "resample" })\n' > "$TMP/bad.lua"
check bad-option 6 "bad.lua:3: bad argument #2 to 'montecarlo' \(residuals must be \"bootstrap\", \"normal\" or nil, got resample\)" -- \
  "$POLSIM" run "$TMP/bad.lua" -o "$TMP/bad"
check bad-option-writes-nothing 0 "^0$" -- bash -c "ls '$TMP/bad' 2>/dev/null | wc -l"
finish
