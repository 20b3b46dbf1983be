#!/usr/bin/env bash
# Models with leads from the command line: check/info report leads, solve uses
# the stacked solver with each terminal condition, steady solves the static
# model and counts the saddle path, and the bad inputs of docs/cli.md exit
# with their statuses.  Expected numbers are closed forms of
# x = a x(+1) + e (a = 0.5): with e constant, x = e / (1 - a) = 2 e.
source "$(dirname "$0")/lib.bash"
F=tests/fixtures/dynare

mkdir -p "$TMP/fwd"
printf 'model fwd annual;\nendogenous x;\nexogenous e;\nparameter a = 0.5;\nidentity x = a * x(+1) + e;\n' > "$TMP/fwd/fwd.model"
printf 'period,x,e\n2000,4,2\n' > "$TMP/fwd/history.csv"

check check-lead 0 "max lead: +1" -- "$POLSIM" check "$TMP/fwd"
check check-stacked 0 "1 forward-looking" -- "$POLSIM" check "$TMP/fwd"
check check-nk-lead2 0 "pi\(-0\.\.\+2\)" -- "$POLSIM" check $F/nk.model
check info-leads 0 "pi +0 +2" -- "$POLSIM" info $F/nk.model
check info-var-lead 0 "\[rule\] as pi\(\+2\)" -- "$POLSIM" info $F/nk.model pi

# e held at 2: the terminal steady state is 4 and so is every period
check solve-steady 0 "^2005 +4$" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2005
# e = 3 from 2001 (permanent, anticipated): x = 6 throughout the horizon
check solve-set 0 "^2001 +6$" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2005 --set e=3
# an anticipated shock: e = 3 in 2004 only: x_2001 = 4 + 0.5^3 * 1 * ... =
# 2 e_bar + sum a^k (e - e_bar): 4 + 0.125 = 4.125
check solve-anticipated 0 "^2001 +4.125$" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2008 --set e@2004=3
# constant growth keeps the constant path
check solve-growth 0 "^2003 +4$" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2003 --terminal growth
check solve-extend 0 "^2003 +4$" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2003 --extend 20
check solve-csv 0 "wrote" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2003 -o "$TMP/out.csv"
check solve-csv-row 0 "^2003,projection,4," -- cat "$TMP/out.csv"

# a given terminal path: x_2004 = 10 given: x_2003 = 2 + 5 = 7, x_2002 = 5.5
printf 'period,x,e\n2000,4,2\n2001,,2\n2002,,2\n2003,,2\n2004,10,2\n' > "$TMP/fwd/history.csv"
check solve-path 0 "^2002 +5\.50$" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2004 --terminal path
printf 'period,x,e\n2000,4,2\n' > "$TMP/fwd/history.csv"
check solve-path-missing 4 "terminal path has no value of x in 2004" -- "$POLSIM" solve "$TMP/fwd" --from 2001 --to 2004 --terminal path
check solve-terminal-bad 2 "steady, path or growth" -- "$POLSIM" solve "$TMP/fwd" --terminal sideways
check solve-extend-bad 2 "--extend takes" -- "$POLSIM" solve "$TMP/fwd" --extend -1

# a forward unit root has no steady state: no terminal condition
mkdir -p "$TMP/unit"
printf 'model uroot annual;\nendogenous x;\nexogenous e;\nidentity x = x(+1) + e;\n' > "$TMP/unit/unit.model"
printf 'period,x,e\n2000,1,1\n' > "$TMP/unit/history.csv"
check unit-root 5 "terminal steady state .* cannot be found" -- "$POLSIM" solve "$TMP/unit" --from 2001 --to 2005
check unit-root-steady 5 "singular" -- "$POLSIM" steady "$TMP/unit"
# nothing determines x before the end: a singular stacked Jacobian
mkdir -p "$TMP/sing"
printf 'model sing annual;\nendogenous x, y;\nidentity x = y(+1);\nidentity y = x(-1);\n' > "$TMP/sing/sing.model"
printf 'period,x,y\n2000,1,1\n2001,1,1\n2002,1,1\n2003,1,1\n2004,1,1\n' > "$TMP/sing/history.csv"
check singular 5 "stacked Jacobian is singular" -- "$POLSIM" solve "$TMP/sing" --from 2001 --to 2004 --terminal path
# no convergence in the iterations allowed names an equation and a period
# (Brock-Mirman from a tenth of its steady-state capital)
mkdir -p "$TMP/sing2"
printf 'model bm annual;\nendogenous c, k;\nparameter alpha = 0.36, beta = 0.95;\nidentity c = c(+1) / (alpha * beta * k ^ (alpha - 1));\nidentity k = k(-1) ^ alpha - c;\n' > "$TMP/sing2/bm.model"
printf 'period,c,k\n2000,0.15,0.02\n' > "$TMP/sing2/history.csv"
check no-convergence 5 "did not converge in 1 iterations.*equation \[" -- "$POLSIM" solve "$TMP/sing2" --from 2001 --to 2030 --max-iter 1

# steady: RBC closed form k = (alpha / (1/beta - 1 + delta))^(1 / (1 - alpha))
k=$(awk 'BEGIN { printf "%.10g", (0.33 / (1/0.99 - 1 + 0.025))^(1/0.67) }')
check steady-rbc 0 "^k +$k " -- "$POLSIM" steady $F/rbc.model --set z=0 --set k=30 --set c=2
check steady-saddle 0 "saddle path: 3 explosive eigenvalues for 3 forward" -- "$POLSIM" steady $F/rbc.model --set z=0 --set k=30 --set c=2
check steady-history 0 "^x +4 " -- "$POLSIM" steady "$TMP/fwd"
check steady-set-param 0 "^x +8 " -- "$POLSIM" steady "$TMP/fwd" --set a=0.75
mkdir -p "$TMP/indet"
printf 'model indet annual;\nendogenous x;\nexogenous e;\nidentity x = 2 * x(+1) + e;\n' > "$TMP/indet/indet.model"
check steady-indeterminate 0 "warning: saddle-path count: .*indeterminate" -- "$POLSIM" steady "$TMP/indet" --set e=1
check steady-no-exo 2 "exogenous variable 'z' has no value" -- "$POLSIM" steady $F/rbc.model
check steady-typo 2 "did you mean 'alpha'" -- "$POLSIM" steady $F/rbc.model --set alpah=1
check steady-help 0 "Usage: polsim steady" -- "$POLSIM" help steady
finish
