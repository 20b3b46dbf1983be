#!/usr/bin/env bash
# Numeric edge cases are errors naming equation, variable and period (exit 5),
# even where the stored value would look fine: 1/(1/0) is 0 in IEEE arithmetic,
# max(sqrt(-1), 0) is 0, exp(log(0)) is 0. And a simultaneous block that does
# not determine its variables is singular even when its starting values happen
# to satisfy it. Expected texts are the arithmetic done by hand.
source "$(dirname "$0")/lib.bash"

# model DIR EQUATIONS X: a model with endogenous y, z and exogenous x, where
# the history gives y = z = 1 and x = X in 2020 and 2021.
model() {
  mkdir -p "$TMP/$1"
  printf 'model m "edge" annual;\nendogenous y "y" unit "u", z "z" unit "u";\nexogenous x "x" unit "u";\n%b' \
    "$2" >"$TMP/$1/m.model"
  printf 'period,y,z,x\n2020,1,1,%s\n2021,1,1,%s\n' "$3" "$3" >"$TMP/$1/history.csv"
}
solve() { "$POLSIM" solve "$TMP/$1" --from 2022 --to 2022 -o "$TMP/$1/out.csv"; }

model div 'equation [e1] y = 1/(1/x);\nequation [e2] z = y + 1;\n' 0
check div-explicit 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022: division by zero \(1 / 0\)" -- solve div
check div-nothing-written 1 "" -- test -e $TMP/div/out.csv

# the same inside a simultaneous block: y and z depend on each other
model block 'equation [e1] y = 0.5 * z + 1/(1/x);\nequation [e2] z = 0.5 * y + 1;\n' 0
check div-in-block 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022.*division by zero \(1 / 0\)" -- solve block

model logneg 'equation [e1] y = log(x);\nequation [e2] z = y;\n' -1
check log-negative 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022: log of -1 \(must be positive\)" -- solve logneg

model sqrtmax 'equation [e1] y = max(sqrt(x), 0);\nequation [e2] z = y;\n' -4
check sqrt-under-max 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022: sqrt of -4 \(must be >= 0\)" -- solve sqrtmax

model explog 'equation [e1] y = exp(log(x));\nequation [e2] z = y;\n' 0
check exp-of-log-zero 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022: log of 0 \(must be positive\)" -- solve explog

model overflow 'equation [e1] y = exp(x);\nequation [e2] z = y;\n' 1000
check overflow 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022: exp\(1000\) overflows" -- solve overflow

# 1e300 * 1e300 = 1e600, past the largest double (about 1.8e308)
model mul 'equation [e1] y = x * x;\nequation [e2] z = y;\n' 1e300
check overflow-product 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022: 1e\+300 \* 1e\+300 overflows.*variable y, period 2022" -- solve mul
# inside a simultaneous block: an overflow, and 0/0 (NaN) added to a finite term
model blockexp 'equation [e1] y = 0.5 * z + exp(x);\nequation [e2] z = 0.5 * y + 1;\n' 1000
check overflow-in-block 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022.*exp\(1000\) overflows.*variable y, period 2022" -- solve blockexp
model nan 'equation [e1] y = (x - x) / (x - x) + 0.5 * z;\nequation [e2] z = 0.5 * y;\n' 3
check nan-in-block 5 "equation \[e1\] \(for y\) cannot be evaluated in 2022.*division by zero \(0 / 0\).*variable y, period 2022" -- solve nan
check nan-nothing-written 1 "" -- test -e $TMP/nan/out.csv

# a block that holds for any y = z: singular, although y = z = 1 satisfies it
model singular 'equation [e1] y = z + 0 * x;\nequation [e2] z = y;\n' 0
check singular-at-start 5 "singular Jacobian in 2022: the 2 equations \[e1\], \[e2\] do not determine their variables" -- solve singular
# the same block with a gain below 1 is regular and solves to y = z = 0 (x = 0)
model regular 'equation [e1] y = 0.5 * z + x;\nequation [e2] z = y;\n' 0
check regular-block 0 "" -- solve regular
check regular-values 0 "^2022,projection,0,0,0" -- cat $TMP/regular/out.csv

finish
