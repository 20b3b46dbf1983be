#!/usr/bin/env bash
# libpolsim.so exports the public API and nothing else: every dynamic symbol
# it defines is a ps_ function declared PS_API in engine/include/polsim, and
# every such declaration is exported (docs/embedding.md).  The checker is also
# run on a small library exporting a foreign symbol, which it must refuse.
source "$(dirname "$0")/lib.bash"

lib=$(dirname "$POLSIM")/libpolsim.so

# exported LIB: the names of the dynamic symbols LIB defines.
exported() { nm -D --defined-only "$1" | awk '{print $NF}' | sed 's/@.*//' | sort -u; }
# foreign LIB: exported symbols without the ps_ prefix.
foreign() { exported "$1" | grep -v '^ps_' || true; }
# declared: the functions the public headers mark PS_API.
declared() {
  cat engine/include/polsim/*.h engine/include/polsim/*.h.in | tr '\n' ' ' \
    | grep -oE 'PS_API [^;{}(]*\(' | grep -oE 'ps_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u
}

check library-built 0 "" -- test -e "$lib"
check only-ps-symbols 0 "" -- test -z "$(foreign "$lib")"
foreign "$lib"
check declared-found 0 "" -- test "$(declared | wc -l)" -ge 50
check exported-equals-declared 0 "" -- diff <(declared) <(exported "$lib")

# The checker can fail: a library with a non-ps_ symbol is refused.
printf 'int ps_ok(void) { return 0; }\nint leaked(void) { return 1; }\n' > "$TMP/bad.c"
check bad-library-built 0 "" -- cc -shared -fPIC -o "$TMP/libbad.so" "$TMP/bad.c"
check foreign-symbol-refused 0 "^leaked$" -- foreign "$TMP/libbad.so"
finish
