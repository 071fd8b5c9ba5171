#!/bin/sh
# Runs every end-to-end script (t_*.sh) against the built programs and prints
# a summary; exits non-zero when any failed. BUILD names the build folder.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$top/$BUILD" ;; esac
export BUILD
pass=0 fail=0 failed=""
for t in "$here"/t_*.sh; do
	name=$(basename "$t" .sh)
	echo "== e2e $name"
	if sh "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
	fi
done
echo "[==========] e2e: $((pass + fail)) script(s) run."
echo "[  PASSED  ] $pass script(s)."
if [ "$fail" -gt 0 ]; then
	echo "[  FAILED  ] $fail script(s):$failed"
	exit 1
fi
exit 0
