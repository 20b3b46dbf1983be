#!/usr/bin/env bash
# The polsim program: help, check, info, solve, and their errors and exit codes
# (docs/cli.md).  Expected numbers are closed forms of the Keynesian cross
# (models/examples/keynes: y = (c0 - mpc t + i + g) / (1 - mpc), mpc = 0.6).
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes

check help 0 "Commands:" -- "$POLSIM" --help
check help-solve 0 "Usage: polsim solve" -- "$POLSIM" help solve
check solve-dash-help 0 "Usage: polsim solve" -- "$POLSIM" solve --help
check version 0 "^polsim [0-9]+\.[0-9]+\.[0-9]+" -- "$POLSIM" --version
check no-args 2 "Usage" -- "$POLSIM"
check unknown-command 2 "unknown command 'frobnicate'" -- "$POLSIM" frobnicate
check help-unknown 2 "no command 'nope'" -- "$POLSIM" help nope

check check-keynes 0 "simultaneous" -- "$POLSIM" check $K
check check-hash 0 "hash: +sha256:[0-9a-f]{64}" -- "$POLSIM" check $K
check check-yangzhou 0 "model: +yangzhou" -- "$POLSIM" check models/yangzhou
check check-missing 4 "cannot open" -- "$POLSIM" check $TMP/none.model
check check-two-args 2 "one MODEL only" -- "$POLSIM" check $K $K
check check-bad-option 2 "unknown option '--frob'" -- "$POLSIM" check --frob $K

printf 'model m annual;\nendogenous y;\nequation y = 2 * x;\n' > "$TMP/undeclared.model"
check model-error 3 "undeclared.model:3:[0-9]+: .*'x'" -- "$POLSIM" check "$TMP/undeclared.model"
printf 'model m annual;\nendogenous y;\nexogenous x;\nequation y = x(+1);\n' > "$TMP/lead.model"
check model-lead 0 "max lead: +1" -- "$POLSIM" check "$TMP/lead.model"

check info-list 0 "mpc +parameter" -- "$POLSIM" info $K
check info-var 0 "determined by \[consumption\]" -- "$POLSIM" info $K c
check info-uses 0 "\[gdp\] as c" -- "$POLSIM" info $K c
check info-typo 2 "did you mean 'mpc'" -- "$POLSIM" info $K mcp

# Baseline 2025: c0 = 40, t, i, g held at their 2024 values -> y = 825.
check solve-table 0 "^2025 +825 +445" -- "$POLSIM" solve $K --from 2025 --to 2026
# dy/dg = 1 / (1 - 0.6) = 2.5: g + 10 -> y + 25.
g24=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="g")c=i} END{print $c}' $K/history.csv)
check solve-multiplier 0 "^2025 +850 " -- "$POLSIM" solve $K --from 2025 --to 2025 --set g=$(awk "BEGIN{print $g24 + 10}")
check solve-one-period 0 "^2026 +825\.0 " -- "$POLSIM" solve $K --from 2025 --to 2026 --set g@2025=999
check solve-vars 0 "period +c$" -- "$POLSIM" solve $K --to 2026 --vars c
check solve-param 0 "^2025 +875 " -- "$POLSIM" solve $K --from 2025 --to 2025 --set c0=60
check solve-json 0 "wrote .*g.json" -- "$POLSIM" solve $K --to 2030 -o "$TMP/o/g.json"
check solve-json-schema 0 "\"schema\":.\"polsim.result\"" -- cat "$TMP/o/g.json"
check solve-csv 0 "wrote" -- "$POLSIM" solve $K --to 2030 -o "$TMP/g.csv"
check solve-csv-header 0 "^period,phase,y,c,i,g,t,c_a" -- head -1 "$TMP/g.csv"
check solve-bad-ext 2 "" -- "$POLSIM" solve $K --to 2030 -o "$TMP/g.txt"
check solve-endogenous 2 "'y' is endogenous" -- "$POLSIM" solve $K --set y=1
check solve-typo 2 "did you mean 'g'" -- "$POLSIM" solve $K --set gg=1
check solve-bad-number 2 "'abc' is not a number" -- "$POLSIM" solve $K --set g=abc
check solve-bad-period 2 "expected an annual period" -- "$POLSIM" solve $K --from 2025Q1
check solve-bad-range 2 "before --from" -- "$POLSIM" solve $K --from 2030 --to 2025
check solve-missing-value 2 "needs a value" -- "$POLSIM" solve $K --from
check solve-bad-tol 2 "positive number" -- "$POLSIM" solve $K --tol -1
check solve-bad-iter 2 "whole number" -- "$POLSIM" solve $K --max-iter 0

# A solver failure: log of a negative number names equation, variable and period,
# exits 5 and writes nothing.
mkdir -p "$TMP/neg"
printf 'model neg annual;\nendogenous y;\nexogenous x lever;\nequation [ly] y = log(x);\n' > "$TMP/neg/neg.model"
printf 'period,y,x\n2020,0,1\n' > "$TMP/neg/history.csv"
check solve-domain 5 "equation \[ly\].*period 2021" -- "$POLSIM" solve "$TMP/neg" --to 2021 --set x=-1 -o "$TMP/neg/out.json"
check solve-domain-nothing-written 1 "" -- test -e "$TMP/neg/out.json"

# Bad history: an unknown column is named with the nearest declared name.
mkdir -p "$TMP/badh"
cp $K/keynes.model "$TMP/badh/"
sed '1s/,g,/,gg,/' $K/history.csv > "$TMP/badh/history.csv"
check history-unknown-column 4 "column 'gg'.*did you mean 'g'" -- "$POLSIM" check "$TMP/badh"

finish
