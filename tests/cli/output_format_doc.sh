#!/usr/bin/env bash
# docs/output-format.md's pandas example, run as written: the doc's shell block
# writes two result CSVs with this polsim (one with --bom), the doc's Python
# block reads them with pandas, and its printed table is checked against the
# Keynesian cross's closed form (models/examples/keynes, mpc = 0.6, 2024 inputs
# i = 200, g = 180, t = 150, c0 = 40): y = (40 + 200 + 180 - 0.6 * 150) / 0.4 = 825
# in the baseline, 825 + 10 / 0.4 = 850 with g = 190 in 2025 only; y(2024) = 828
# is history.  So growth 2025: 100 (825/828 - 1) = -0.36, 100 (850/828 - 1) =
# 2.66, 3.02 pp apart; 2026: 0 and 100 (825/850 - 1) = -2.94; 2027: 0, 0.
# pandas comes from the Debian package python3-pandas (make deps-test).
source "$(dirname "$0")/lib.bash"
DOC=docs/output-format.md
P=$(cd "$(dirname "$POLSIM")" && pwd)/$(basename "$POLSIM")
R=$(pwd)

# The blocks after the marker comment: the first ```sh and the first ```python.
block() {
  awk -v lang="$1" '/<!-- the two blocks below are run by tests\/cli\/output_format_doc.sh/ { on = 1 }
    on && $0 == "```" lang { inb = 1; next }
    inb && /^```/ { exit }
    inb' "$DOC"
}
block sh >$TMP/doc.sh
block python >$TMP/doc.py
check doc-has-sh 0 "polsim solve models/examples/keynes .*--bom" -- cat $TMP/doc.sh
check doc-has-python 0 "read_csv" -- cat $TMP/doc.py

# Python with pandas: Debian's (python3-pandas), else whatever python3 is first.
PY=
for py in /usr/bin/python3 python3; do
  if "$py" -c "import pandas" 2>/dev/null; then PY=$py; break; fi
done
check pandas-installed 0 "" -- test -n "$PY"

W=$TMP/work
mkdir -p $W
ln -s "$R/models" $W/models
# The doc's commands, with this build's program for `polsim`.
sed "s|^polsim |'$P' |" $TMP/doc.sh >$TMP/run.sh
check doc-sh-runs 0 "wrote out/alt.csv" -- bash -c "cd $W && bash -e $TMP/run.sh"
check bom-written 0 "^efbbbf$" -- bash -c "head -c 3 $W/out/baseline.csv | od -An -tx1 | tr -d ' \n'; echo"
check no-bom-without 0 "^period,phase,y," -- head -1 $W/out/alt.csv

if [ -n "$PY" ]; then
  (cd $W && "$PY" $TMP/doc.py) >$TMP/py.out 2>&1
  check doc-python-runs 0 "" -- test -s $TMP/py.out
  check history-rows 0 "^history 2015 to 2024$" -- cat $TMP/py.out
  # every printed cell against the closed form, to the 2 decimals printed
  cat >$TMP/want.txt <<'EOF'
2025 825 850 25 -0.36 2.66 3.02
2026 825 825 0 0 -2.94 -2.94
2027 825 825 0 0 0 0
EOF
  check table-values 0 "^ok 3$" -- awk '
    NR == FNR { for (i = 1; i <= NF; i++) w[$1, i] = $i; n[$1] = NF; next }
    ($1 in n) && NF == n[$1] {
      good = 1
      for (i = 2; i <= NF; i++) { d = $i - w[$1, i]; if (d > 0.0051 || d < -0.0051) good = 0 }
      ok += good
    }
    END { print "ok " ok + 0 }' $TMP/want.txt $TMP/py.out
  check table-header 0 "^ +base +alt +diff +g_base +g_alt +g_pp$" -- cat $TMP/py.out
  # only the projection: no history year in the table
  check table-projection-only 0 "^absent$" -- bash -c "grep -Eq '^(2015|2024) ' $TMP/py.out && echo present || echo absent"
  # The doc's shown output is the one the example prints, cell for cell (the
  # sign of a zero that is rounding noise aside).
  awk '/^prints \(y = /{ on = 1 } on && /^```text/ { inb = 1; next } inb && /^```/ { exit } inb' $DOC >$TMP/shown.txt
  norm() { sed -E -e 's/ *$//' -e 's/-(0\.0+)( |$)/ \1\2/g' "$1"; }
  check doc-output-matches 0 "" -- diff <(norm $TMP/shown.txt) <(norm $TMP/py.out)
fi
finish
