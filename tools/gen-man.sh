#!/usr/bin/env bash
# Generate the polsim(1) manual page from the program's own help texts, so the
# man page, `polsim --help` and `polsim help COMMAND` cannot disagree.
# Usage: tools/gen-man.sh path/to/polsim [OUTPUT]     (default output: stdout)
set -euo pipefail
P=${1:?usage: tools/gen-man.sh path/to/polsim [OUTPUT]}
if [ $# -ge 2 ]; then exec >"$2.tmp"; trap 'mv "$2.tmp" "$2"' EXIT; fi
version=$("$P" --version | awk '{print $2}')
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }

cat <<EOF2
.TH POLSIM 1 "" "polsim $version" "User Commands"
.SH NAME
polsim \\- scriptable policy-simulation engine
.SH SYNOPSIS
.B polsim
.I COMMAND
.RI [ ARGS ...]
.SH DESCRIPTION
polsim projects the paths of an economy period by period from a model file and its
history; Lua scenario scripts set assumptions and policy levers, run projections and
compare scenarios.  The full documentation is in the docs/ folder of the source
(cli.md, model-language.md, lua-api.md, lua-sandbox.md, output-format.md).
.SH COMMANDS
EOF2
"$P" --help | awk '/^Commands:/{on=1; next} /^$/{on=0} on && $1 != "help" {print $1}' |
while read -r cmd; do
  printf '.SS %s\n.nf\n' "$cmd"
  "$P" help "$cmd" | esc
  printf '.fi\n'
done
cat <<'EOF2'
.SH EXIT STATUS
0 success; 1 a batch with failed scripts; 2 usage error; 3 model error; 4 data or
file error; 5 solver failure; 6 script error; 7 a memory or instruction limit;
130 interrupted; 70 internal error.
.SH SEE ALSO
.BR lua (1)
EOF2
