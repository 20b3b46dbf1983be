#!/usr/bin/env bash
# models/yangzhou/history.csv against the published figures it is built from
# (tools/calibrate/yangzhou-inputs.csv: rows of the sourced statistics file,
# models/yangzhou/SOURCES.md).  Where SOURCES.md says a series is used "as
# printed", the history must equal the statistic to 1e-9 relative; where a
# figure is carried across the 2018 census break, the rescaling is the one
# SOURCES.md states.  The numbers come from the statistics file, not from
# the calibration tool.  Needs only bash and awk.
source "$(dirname "$0")/lib.bash"

# same MODEL_SERIES STAT_VARIABLE FIRST LAST [FACTOR]: history = FACTOR x statistic.
same() {
  awk -F, -v mv="$1" -v sv="$2" -v y0="$3" -v y1="$4" -v f="${5:-1}" '
    FNR == 1 && FILENAME ~ /history/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
    FILENAME ~ /history/ { h[$1] = $col[mv]; next }
    $2 == sv { s[$1] = $3 }
    END {
      n = 0
      for (y = y0; y <= y1; y++) {
        if (!(y in s)) continue
        want = f * s[y]; got = h[y]; n++
        d = got - want; if (d < 0) d = -d
        if (d > 1e-9 * (want < 0 ? -want : want)) { printf "%s %d: history %s, statistic %s x %s\n", mv, y, got, s[y], f; bad = 1 }
      }
      if (n == 0) { print "no published " sv " in " y0 "-" y1; bad = 1 }
      exit bad
    }' models/yangzhou/history.csv tools/calibrate/yangzhou-inputs.csv
}

check gdp-as-printed 0 "" -- same gdp gdp 2019 2023
check revenue-as-printed 0 "" -- same rev budget_revenue 2015 2023
check expenditure-as-printed 0 "" -- same bexp budget_expenditure 2015 2023
check loans-as-printed 0 "" -- same loans loans_rmb_yearend 2015 2023
check retail-as-printed 0 "" -- same retail retail_sales 2019 2023
check land-revenue-as-printed 0 "" -- same fundrev gov_fund_revenue 2017 2023
check population-as-printed 0 "" -- same pop resident_population 2018 2023
check relief-as-printed 0 "" -- same fee_tot tax_fee_cuts 2020 2023
# The census break (SOURCES.md rules 1 and 7): one factor for all of
# 2015-2018, computed here from the published figures.
gdp_factor=$(awk -F, '$2 == "gdp" { g[$1] = $3 } $2 == "gdp_real_growth_pct" { r[$1] = $3 }
  END {
    p18 = g[2018] / g[2017] / (1 + r[2018] / 100) - 1
    p20 = g[2020] / g[2019] / (1 + r[2020] / 100) - 1
    printf "%.17g", g[2019] / (g[2018] * (1 + r[2019] / 100) * (1 + (p18 + p20) / 2))
  }' tools/calibrate/yangzhou-inputs.csv)
retail_factor=$(awk -F, '$2 == "retail_sales" { s[$1] = $3 }
  END { printf "%.17g", s[2019] / (s[2018] * s[2018] / s[2017]) }' tools/calibrate/yangzhou-inputs.csv)
check gdp-before-the-census 0 "" -- same gdp gdp 2015 2018 "$gdp_factor"
check retail-before-the-census 0 "" -- same retail retail_sales 2015 2018 "$retail_factor"
# The check can fail: a wrong factor is caught.
check gdp-wrong-factor 1 "gdp 2015: history" -- same gdp gdp 2015 2018 1
finish
