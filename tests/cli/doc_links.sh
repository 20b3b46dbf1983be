#!/usr/bin/env bash
# README.md and docs/ point only at files in the repository: every relative
# Markdown link, and every `path` in backquotes under one of the repository's
# top folders (docs/ engine/ models/ scripts/ tests/ tools/ bench/ types/),
# must exist.  Paths with placeholders (NAME, <x>, *, ..., $VAR) and files a
# run or build writes (out/, build/) are not checked; a program may be named
# by its source's path without .c (bench/bench_vm is built from bench/bench_vm.c).
source "$(dirname "$0")/lib.bash"
# scan FILE.md...: every citation that does not exist, a line each, into $missing
scan() {
missing=$TMP/missing.txt
: >$missing
for md in "$@"; do
  dir=$(dirname "$md")
  # Markdown links: ](target) or ](target#anchor), not URLs or bare anchors
  grep -oE '\]\([^)[:space:]]+\)' "$md" | sed -E 's/^\]\(//; s/\)$//; s/#.*$//' |
    grep -vE '^(https?:|mailto:|$)' | sort -u | while read -r t; do
      [ -e "$dir/$t" ] || echo "$md: link to '$t' ($dir/$t does not exist)" >>$missing
    done
  # `paths` in backquotes under a top folder of the repository
  grep -oE '`(docs|engine|models|scripts|tests|tools|bench|types)/[^` ]+`' "$md" | tr -d '`' |
    grep -vE '[A-Z]{2,}|[<>*$]|\.\.\.|\{' | sed -E 's/[.,:;)]+$//; s/#.*$//' | sort -u | while read -r t; do
      # a program named by its source's path (bench/bench_vm from bench/bench_vm.c)
      [ -e "$t" ] || [ -e "$t.c" ] || echo "$md: cites '$t', which is not in the repository" >>$missing
    done
done
}
scan README.md $(find docs -name '*.md' | sort)
check doc-links 0 "^$" -- cat $missing
# The scan can fail: a page citing a missing file, both ways.
printf 'See [the guide](no-such-guide.md) and `tools/no-such-tool.sh`.\n' >$TMP/x.md
scan $TMP/x.md
check selftest-link 0 "link to 'no-such-guide.md'" -- cat $missing
check selftest-path 0 "cites 'tools/no-such-tool.sh', which is not in the repository" -- cat $missing
finish
