#!/usr/bin/env bash
# polsim solve --target/--instrument (docs/cli.md "Targets and instruments"),
# checked against the Keynesian cross by hand: y = (c0 - mpc t + i + g) / (1 - mpc)
# with c0 = 40, mpc = 0.6, t = 150, i = 200 held from 2024, so y = 900 in 2025
# needs g = 900 * 0.4 - 40 + 90 - 200 = 210.
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes

check exact 0 '^2025 +900 +210$' -- "$POLSIM" solve $K --from 2025 --to 2026 \
  --target y@2025=900 --instrument g@2025 --vars y,g
check table 0 '^y +2025 +900 +900 +0 +exact$' -- "$POLSIM" solve $K --from 2025 --to 2026 \
  --target y@2025=900 --instrument g@2025 --vars y,g
# 3 % growth from y(2024) = 828: y = 852.84, g = 852.84 * 0.4 - 150 = 191.136
check growth-path 0 '^2026 +878\.425 +201\.370$' -- "$POLSIM" solve $K --from 2025 --to 2026 \
  --target 'y@2025..2026=3%' --instrument g@2025..2026 --vars y,g
# g capped at 200: y = (40 - 90 + 200 + 200) / 0.4 = 875, 25 short
check bound-binds 0 'warning: target missed: g reaches its max 200 in 2025; y falls 25 short of 900' \
  -- "$POLSIM" solve $K --from 2025 --to 2025 --target y@2025=900 --instrument g@2025::200
check bound-value 0 '^2025 +875 +200$' -- "$POLSIM" solve $K --from 2025 --to 2025 \
  --target y@2025=900 --instrument g@2025:100:200 --vars y,g
# two instruments, equal weights: 30 more spending split 15 / 15
check smallest-change 0 '^2025 +900 +195 +215$' -- "$POLSIM" solve $K --from 2025 --to 2025 \
  --target y@2025=900 --instrument g@2025 --instrument i@2025 --vars y,g,i
check with-set 0 '^2025 +900 +200$' -- "$POLSIM" solve $K --from 2025 --to 2025 \
  --set i=210 --target y@2025=900 --instrument g@2025 --vars y,g
check json 0 'wrote' -- "$POLSIM" solve $K --from 2025 --to 2025 --target y@2025=900 \
  --instrument g@2025 -o "$TMP/t.json"
check json-meta 0 '"target.y@2025":[[:space:]]+"value=900 reached=900 gap=0 method=exact"' \
  -- cat "$TMP/t.json"

check unknown-target 2 "no variable 'yy' \(did you mean 'y'\?\)" -- "$POLSIM" solve $K \
  --from 2025 --to 2025 --target yy@2025=900 --instrument g@2025
check unknown-instrument 2 "no variable 'gg' \(did you mean 'g'\?\)" -- "$POLSIM" solve $K \
  --from 2025 --to 2025 --target y@2025=900 --instrument gg@2025
check exogenous-target 2 "'g' is exogenous: a target must be an endogenous variable" -- \
  "$POLSIM" solve $K --from 2025 --to 2025 --target g@2025=900 --instrument i@2025
check endogenous-instrument 2 "'c' is endogenous \(determined by equation \[consumption\]\)" -- \
  "$POLSIM" solve $K --from 2025 --to 2025 --target y@2025=900 --instrument c@2025
check outside 2 "target 'y' at 2031 is outside the solved periods 2025..2026" -- "$POLSIM" solve \
  $K --from 2025 --to 2026 --target y@2031=900 --instrument g@2025
check no-instrument 2 "target 'y' in 2025 has no instrument in 2025" -- "$POLSIM" solve $K \
  --from 2025 --to 2025 --target y@2025=900
check malformed-target 2 "expected VAR@PERIOD=VALUE" -- "$POLSIM" solve $K --from 2025 \
  --to 2025 --target y=900 --instrument g@2025
check malformed-bounds 2 "bounds are written :MIN:MAX" -- "$POLSIM" solve $K --from 2025 \
  --to 2025 --target y@2025=900 --instrument g@2025:5
check empty-bounds 2 "the bounds \[5, 1\] are empty" -- "$POLSIM" solve $K --from 2025 \
  --to 2025 --target y@2025=900 --instrument g@2025:5:1
check singular 5 "instrument 'w' cannot move target 'b' in 2025" -- "$POLSIM" solve \
  tests/lua/api/models/lagged --from 2024 --to 2025 --target b@2025=10 --instrument w@2025
check help 0 "--instrument LEVER@P" -- "$POLSIM" help solve
finish
