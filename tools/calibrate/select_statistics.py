#!/usr/bin/env python3
"""Select the published figures of the Yangzhou history from the sourced
statistics file (shared/reference/yangzhou-statistics.csv) into the inputs
file of yz-calibrate.

    python3 tools/calibrate/select_statistics.py STATISTICS.csv > published.csv

One figure per (year, variable), chosen by the rule of SOURCES.md:
a primary source before a secondary one; among primary provincial budget
reports, the final account (决算数) before the January estimate (执行数);
among secondary figures, the one printed with more digits (the 2023 bulletin's
7423.26 before the yearbook's rounded 7423).  The ref column names the
chosen row: its kind and the first 60 characters of its quote.
"""
import csv
import sys


def score(row):
    primary = row["kind"] == "primary"
    final = "决算" in row["quote"] and "执行数" not in row["quote"].split("决算")[0][-12:]
    digits = len(row["value"].replace(".", "").rstrip("0"))
    return (primary, primary and final, digits)


def main(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    best = {}
    for r in rows:
        key = (int(r["year"]), r["variable"])
        if key not in best or score(r) > score(best[key]):
            best[key] = r
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["year", "name", "value", "kind", "ref"])
    for (year, var) in sorted(best, key=lambda k: (k[1], k[0])):
        r = best[(year, var)]
        quote = r["quote"].replace(",", "，").replace("\n", " ")[:60]
        out.writerow([year, var, r["value"], r["kind"], quote])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
