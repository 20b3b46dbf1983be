#!/usr/bin/env bash
# docs/cli.md documents every command the program lists, with the same usage
# line as `polsim help COMMAND`, and the man page generator covers them all.
source "$(dirname "$0")/lib.bash"
cmds=$("$POLSIM" --help | awk '/^Commands:/{on=1; next} /^$/{on=0} on && $1 != "help" {print $1}')
check some-commands 0 "" -- test -n "$cmds"
for c in $cmds; do
  check "section-$c" 0 "" -- grep -q "^## polsim $c\$" docs/cli.md
  usage=$("$POLSIM" help "$c" | head -1 | sed 's/^Usage: //')
  check "usage-$c" 0 "" -- grep -qF -- "$usage" docs/cli.md
done
tools/gen-man.sh "$POLSIM" > "$TMP/polsim.1"
for c in $cmds; do
  check "man-$c" 0 "" -- grep -q "^\.SS $c\$" "$TMP/polsim.1"
done
finish
