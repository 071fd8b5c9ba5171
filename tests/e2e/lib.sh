# lib.sh — shared helpers for the end-to-end scripts. Source it first.
# Gives: $D (doorstep), $TOOLS, a private $T folder removed at exit, a pinned
# environment, and ok/fail/expect_* functions. A script exits non-zero when
# any check failed.
set -u
: "${BUILD:?BUILD must name the build folder}"
D="$BUILD/doorstep"
TOOLS="$BUILD/tests/tools"
T=$(mktemp -d "${TMPDIR:-/tmp}/doorstep-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T/home" LANG=C.UTF-8 LC_ALL= LANGUAGE= TZ=Asia/Shanghai
export DOORSTEP_TODAY=2026-11-27
unset DOORSTEP_STORE DOORSTEP_USER DOORSTEP_PASSPHRASE_FILE DOORSTEP_NEW_PASSPHRASE_FILE XDG_DATA_HOME
mkdir -p "$HOME"
checks=0 failures=0

ok() { checks=$((checks + 1)); echo "ok $checks - $1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "not ok $checks - $1"; }

# passfile NAME TEXT: writes a passphrase file (mode 0600), prints its path.
passfile() { printf '%s\n' "$2" > "$T/$1"; chmod 600 "$T/$1"; echo "$T/$1"; }

# run CMD...: runs a command, keeping its exit status in $rc and its output
# in $T/out and $T/err.
run() { "$@" > "$T/out" 2> "$T/err"; rc=$?; }

# expect_rc WANT DESCRIPTION: checks $rc from the last run.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2 (exit $1)"
	else fail "$2: exit $rc, wanted $1; stderr: $(head -c 300 "$T/err")"; fi
}

# expect_out PATTERN DESCRIPTION / expect_err PATTERN DESCRIPTION: grep -E
expect_out() {
	if grep -Eq -- "$1" "$T/out"; then ok "$2"
	else fail "$2: stdout lacks /$1/: $(head -c 300 "$T/out")"; fi
}
expect_err() {
	if grep -Eq -- "$1" "$T/err"; then ok "$2"
	else fail "$2: stderr lacks /$1/: $(head -c 300 "$T/err")"; fi
}

# A fresh store in $T/NAME with one assistant; sets DOORSTEP_STORE and the
# passphrase file for it.
new_store() {
	export DOORSTEP_STORE="$T/$1"
	export DOORSTEP_PASSPHRASE_FILE
	DOORSTEP_PASSPHRASE_FILE=$(passfile "pass-$1" "correct horse battery $1")
	"$D" init --user "${2:-wang}" --role "${3:-assistant}" --region 440106 > /dev/null
}

# Hashes of every file under a folder, names included.
tree_sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

finish() {
	echo "# $checks checks, $failures failed"
	[ "$failures" -eq 0 ]
}

# id18 DIGITS: the 17 digits followed by their GB 11643-1999 check character.
id18() {
	printf '%s\n' "$1" | awk '{
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		s = 0
		for (i = 1; i <= 17; i++) s += substr($0, i, 1) * w[i]
		print $0 substr("10X98765432", s % 11 + 1, 1)
	}'
}

# gen_households N FIRST: N valid households, one JSON object per line, with
# one to three members each. People are numbered from FIRST and each number
# gives a distinct valid ID number (born 1940-1999 in 440106), so ranges that
# do not overlap give different people.
gen_households() {
	awk -v n="$1" -v base="$2" '
	function idnum(k,   body, s, i) {
		body = sprintf("440106%04d%02d%02d%03d", 1940 + k % 60,
		    1 + int(k / 60) % 12, 1 + int(k / 720) % 28, int(k / 20160) % 1000)
		s = 0
		for (i = 1; i <= 17; i++) s += substr(body, i, 1) * w[i]
		return body substr("10X98765432", s % 11 + 1, 1)
	}
	BEGIN {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		k = base
		for (h = 1; h <= n; h++) {
			line = "{\"region\":\"440106\",\"address\":\"石牌街道" h "号\",\"members\":["
			for (j = 0; j <= h % 3; j++)
				line = line (j ? "," : "") "{\"name\":\"张" h "之" j "\",\"id_number\":\"" \
				    idnum(k++) "\",\"relation\":\"" (j ? "child" : "head") \
				    "\",\"categories\":[],\"able_to_work\":true,\"incomes\":[{\"source\":\"wages\",\"monthly\":\"" \
				    (h % 900) ".50\"}]}"
			print line "],\"assets\":{\"financial\":\"" h "\",\"vehicles\":[],\"homes\":1}}"
		}
	}'
}
