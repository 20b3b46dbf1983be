#!/usr/bin/env bash
# Bad input found by a campaign of malformed files: each is refused with a
# clear message and the right exit status (docs/cli.md), nothing is written.
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes
mk_model() { # DIR TITLE-BYTES: a copy of the Keynesian cross with another title
  mkdir -p "$1"
  sed "s/\"Keynesian cross\"/\"$2\"/" $K/keynes.model >"$1/keynes.model"
  cp $K/history.csv "$1/history.csv"
}

# ---- text that is not UTF-8 never reaches a result or a report ----
mk_model $TMP/latin1 "Croissance \xe9conomique"
check model-latin1 3 "keynes.model:4:[0-9]+: .*byte 0xE9 is not valid UTF-8: model files are UTF-8" -- \
  "$POLSIM" check $TMP/latin1
check scenario-flag 2 "--scenario: the name is not valid UTF-8 text" -- \
  "$POLSIM" solve $K --from 2024 --to 2025 --scenario "$(printf 'base\xff')" -o $TMP/s.json
check scenario-flag-nothing-written 1 "" -- test -e $TMP/s.json
mkdir -p $TMP/lua
printf 'local m = polsim.model("%s")\nlocal r = m:scenario("caf\\xe9", {from = 2024, to = 2025}):run()\nr:write("r.json")\n' $K >$TMP/lua/name.lua
check script-name 4 "not valid UTF-8 \(byte 0xE9 in \"caf\?\"\)" -- "$POLSIM" run $TMP/lua/name.lua -o $TMP/lua/out
check script-name-nothing-written 0 "^0$" -- sh -c "find $TMP/lua/out -type f 2>/dev/null | wc -l"

# ---- a result file that is not one ----
"$POLSIM" solve $K --from 2024 --to 2025 -o $TMP/good.json >/dev/null
cp $TMP/good.json $TMP/good2.json
check good-result 0 "" -- "$POLSIM" compare $TMP/good.json $TMP/good2.json
# Fixed junk (the same bytes on every run): 300 pseudo-random bytes, and junk
# after a digit, which a JSON parser reads as the number 7 followed by text.
LC_ALL=C awk 'BEGIN { srand(14); for (i = 0; i < 300; i++) printf "%c", 128 + int(rand() * 128) }' >$TMP/junk.json
printf '7\377\376\200 binary' >$TMP/junk7.json
printf '\0\1\2\3binary' >$TMP/nul.json
check junk-result 4 "junk.json:1:[0-9]+: .*not UTF-8 text, so not a polsim result" -- "$POLSIM" compare $TMP/junk.json $TMP/good.json
check junk-after-number 4 "junk7.json:1:2: .*byte 0xFF: not UTF-8 text, so not a polsim result" -- "$POLSIM" compare $TMP/junk7.json $TMP/good.json
check text-after-result 4 "good3.json:[0-9]+:[0-9]+: .*unexpected text after the end of the JSON document" -- sh -c "cat $TMP/good.json >$TMP/good3.json; echo ' trailing' >>$TMP/good3.json; '$POLSIM' compare $TMP/good3.json $TMP/good.json"
check nul-result 4 "nul.json:1:1: error: byte 0x00: not UTF-8 text" -- "$POLSIM" compare $TMP/nul.json $TMP/good.json
check nul-not-empty 4 "" -- sh -c "! '$POLSIM' compare $TMP/nul.json $TMP/good.json 2>&1 | grep -q 'empty file'; exit 4"
printf '  \n' >$TMP/blank.json
check blank-result 4 "empty file" -- "$POLSIM" compare $TMP/blank.json $TMP/good.json
# \u0000 would end the C string: "base\u0000evil" must not read as "base"
sed 's/"scenario":\t"\([^"]*\)"/"scenario":\t"\1\\u0000evil"/' $TMP/good.json >$TMP/u0.json
check u0000-made 0 'u0000evil' -- cat $TMP/u0.json
check u0000-result 4 "u0.json:[0-9]+:[0-9]+: .*u0000 \(a NUL character\) cannot be part of a name" -- "$POLSIM" compare $TMP/u0.json $TMP/good.json
# an escaped backslash before u0000 is text, not a NUL
sed 's/"scenario":\t"\([^"]*\)"/"scenario":\t"\1\\\\u0000"/' $TMP/good.json >$TMP/bs.json
check escaped-backslash 0 "" -- "$POLSIM" compare $TMP/bs.json $TMP/good.json

# ---- read limits follow the kind of input ----
check dev-zero-model 4 "cannot read '/dev/zero': it is a character device, not a file" -- "$POLSIM" check /dev/zero
check dev-zero-result 4 "it is a character device, not a file" -- "$POLSIM" compare /dev/zero $TMP/good.json
mkfifo $TMP/pipe.model
(head -c 20000000 /dev/zero >$TMP/pipe.model &)
check pipe-model 7 "pipe.model' is larger than the limit of 16777216 bytes for this kind of input" -- "$POLSIM" check $TMP/pipe.model
head -c 17000000 /dev/zero | tr '\0' ' ' >$TMP/big.model
check big-model 7 "big.model' is larger than the limit of 16777216 bytes for this kind of input \(17000000 bytes\)" -- "$POLSIM" check $TMP/big.model

# ---- a gap in an exogenous series' history is an error, not filled ----
mkdir -p $TMP/gap && cp $K/keynes.model $TMP/gap/
sed 's/^2020,711.3,389.6,167.8,153.9,125.8$/2020,711.3,389.6,167.8,,125.8/' $K/history.csv >$TMP/gap/history.csv
check gap-made 0 "^2020,711.3,389.6,167.8,,125.8$" -- cat $TMP/gap/history.csv
check gap 4 "history.csv: .*exogenous series 'g' has no value in 2020, between its first value \(2015\) and its last \(2024\)" -- \
  "$POLSIM" solve $TMP/gap --from 2024 --to 2025 -o $TMP/gap.json
check gap-nothing-written 1 "" -- test -e $TMP/gap.json

finish
