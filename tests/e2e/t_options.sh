#!/bin/sh
# t_options.sh — the command lines of both programs (getopt_long, one table
# of options per command): --help and --version on each program and on
# every command it lists exit 0 on stdout and touch no store; an unknown
# option, another command's option, an abbreviation and a flag given a
# value exit 2 in one line naming the option; a missing value exits 2;
# --opt=value and --opt value both work, before or after the command's
# words; "--" ends the options; the messages come in Chinese with --lang.
. "$(dirname "$0")/lib.sh"
C="$BUILD/doorstep-county"

# one_line_naming OPT WHAT: the last run's stderr is one line naming OPT.
one_line_naming() {
	if [ "$(wc -l < "$T/err")" -eq 1 ] && grep -q -- "^doorstep[a-z-]*: $1: " "$T/err"; then
		ok "$2: one line naming $1"
	else
		fail "$2: stderr: $(head -c 300 "$T/err")"
	fi
}

# ---- doorstep: the program --------------------------------------------------
export DOORSTEP_STORE="$T/none"
for h in --help -h; do
	run "$D" $h
	expect_rc 0 "doorstep $h"
	expect_out "^Usage: doorstep" "doorstep $h prints the usage on stdout"
done
run "$D" --help
sed -n '/^Commands:/,/^$/p' "$T/out" | sed '1d;/^$/d' | cut -c3-22 | sed 's/ *$//' > "$T/commands"
n=$(wc -l < "$T/commands")
[ "$n" -ge 40 ] && ok "doorstep --help lists the commands ($n)" || fail "doorstep --help lists $n commands: $(cat "$T/out")"
run "$D" --version
expect_rc 0 "doorstep --version"
expect_out "^doorstep [0-9]+\.[0-9]+" "it prints the version"

# ---- doorstep: every command's --help, --version and an unknown option -----
bad_help="" bad_version="" bad_unknown="" words=""
while read -r cmd; do
	words="$words|$cmd"
	run "$D" $cmd --help
	{ [ "$rc" -eq 0 ] && grep -q "^Usage: doorstep $cmd " "$T/out" && grep -q "^  --store DIR" "$T/out" &&
		[ ! -s "$T/err" ]; } || bad_help="$bad_help, $cmd (exit $rc)"
	run "$D" $cmd --version
	{ [ "$rc" -eq 0 ] && grep -q "^doorstep [0-9]" "$T/out"; } || bad_version="$bad_version, $cmd (exit $rc)"
	run "$D" $cmd --jsno
	{ [ "$rc" -eq 2 ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
		grep -q "^doorstep: --jsno: not an option of $cmd; see doorstep $cmd --help$" "$T/err"; } ||
		bad_unknown="$bad_unknown, $cmd (exit $rc: $(cat "$T/err"))"
done < "$T/commands"
[ -z "$bad_help" ] && ok "CMD --help: exit 0, its usage and options on stdout, for every command" \
	|| fail "CMD --help:${bad_help#,}"
[ -z "$bad_version" ] && ok "CMD --version: exit 0 for every command" || fail "CMD --version:${bad_version#,}"
[ -z "$bad_unknown" ] && ok "CMD --jsno: exit 2, one line naming it, for every command" \
	|| fail "CMD --jsno:${bad_unknown#,}"
[ ! -e "$T/none" ] && ok "no --help made a store" || fail "a store appeared: $(ls "$T/none")"
case "$words" in *"|household add|"*"|visit draft save|"*) ok "the commands include household add and visit draft save" ;;
*) fail "the commands read: $words" ;; esac

run "$D" household add --help
expect_out "^  --json FILE$" "household add --help names its option and its value"
run "$D" household --help
expect_rc 0 "doorstep household --help"
expect_out "^  doorstep household add " "... lists the group's commands"
run "$D" visit draft --help
expect_rc 0 "doorstep visit draft --help"
expect_out "^  doorstep visit draft save " "... lists that group's commands"
run "$D"
expect_rc 2 "doorstep with no command (not a terminal)"

# ---- doorstep: wrong use ------------------------------------------------------
run "$D" household list --month 2026-01
expect_rc 2 "another command's option (payroll's --month) on household list"
one_line_naming --month "another command's option"
run "$D" household list --jso
expect_rc 2 "an abbreviation (--jso for --json)"
one_line_naming --jso "an abbreviation"
run "$D" household list --json=yes
expect_rc 2 "a flag given a value"
expect_err "^doorstep: --json: takes no value$" "... said in one line"
run "$D" household add --json
expect_rc 2 "household add --json with no value"
expect_err "^doorstep: --json: needs a value$" "... said in one line"
run "$D" household list --store
expect_rc 2 "--store with no value"
expect_err "^doorstep: --store: needs a value$" "... naming --store"
run "$D" household list -x
expect_rc 2 "a short option that is none"
one_line_naming -x "a short option"
run "$D" household list --passphrase-fd seven
expect_rc 2 "--passphrase-fd that is no number"
expect_err "^doorstep: --passphrase-fd: " "... naming it"
run "$D" --lang zh_CN household list --colour
expect_rc 2 "an unknown option under --lang zh_CN"
one_line_naming --colour "in Chinese"
expect_err "不是 household list 命令的选项" "... the message is in Chinese"

# ---- doorstep: the forms that work ----------------------------------------------
new_store s
unset DOORSTEP_STORE
S="$T/s"
gen_households 2 1500000 > "$T/two.jsonl"
sed -n 1p "$T/two.jsonl" > "$T/h1.json"
sed -n 2p "$T/two.jsonl" > "$T/h2.json"
run "$D" household add --store "$S" --json "$T/h1.json"
expect_rc 0 "household add --store DIR --json FILE"
run "$D" household add --store="$S" --json="$T/h2.json"
expect_rc 0 "household add --store=DIR --json=FILE"
run "$D" --store "$S" household list --json
expect_rc 0 "--store DIR before the command"
n=$(grep -o '"id":"' "$T/out" | wc -l)
[ "$n" -eq 2 ] && ok "both households were added" || fail "$n households: $(cat "$T/out")"
id=$(grep -o '"id":"[a-z0-9]*"' "$T/out" | head -1 | cut -d'"' -f4)
run "$D" household show --json "$id" --store "$S"
expect_rc 0 "options before and after the command's word"
expect_out "\"id\": *\"$id\"" "... the word is the household's ID"
run "$D" household list --store "$S" -- --json
expect_rc 2 "after --, --json is a word, not an option"
expect_err "too many arguments" "... one too many for household list"
run "$D" household list --store "$S" --json --json
expect_rc 0 "a flag given twice"

# ---- doorstep-county: the program ---------------------------------------------------
for h in --help -h; do
	run "$C" $h
	expect_rc 0 "doorstep-county $h"
	expect_out "^Usage:" "doorstep-county $h prints the usage on stdout"
	[ ! -s "$T/err" ] && ok "... nothing on stderr" || fail "stderr: $(cat "$T/err")"
done
run "$C" --help
sed -n '/^Commands:/,/^$/p' "$T/out" | sed '1d;/^$/d' | awk '{print $1}' > "$T/ccommands"
n=$(wc -l < "$T/ccommands")
[ "$n" -ge 14 ] && ok "doorstep-county --help lists the commands ($n)" || fail "it lists $n: $(cat "$T/out")"
run "$C" --version
expect_rc 0 "doorstep-county --version"
expect_out "^doorstep-county [0-9]+\.[0-9]+" "it prints the version"
run "$C"
expect_rc 2 "doorstep-county with no command"
run "$C" --bogus
expect_rc 2 "doorstep-county --bogus"
expect_err "^doorstep-county: --bogus: " "... naming it"
run "$C" frob --data "$T/x"
expect_rc 2 "doorstep-county frob (no such command)"

bad_help="" bad_version="" bad_unknown=""
while read -r cmd; do
	run "$C" $cmd --help
	{ [ "$rc" -eq 0 ] && grep -q "^  doorstep-county $cmd " "$T/out" && grep -q "^  --data DIR" "$T/out" &&
		[ ! -s "$T/err" ]; } || bad_help="$bad_help, $cmd (exit $rc)"
	run "$C" $cmd --version
	{ [ "$rc" -eq 0 ] && grep -q "^doorstep-county [0-9]" "$T/out"; } || bad_version="$bad_version, $cmd (exit $rc)"
	run "$C" $cmd --data "$T/x" --jsno
	{ [ "$rc" -eq 2 ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
		grep -q "^doorstep-county: --jsno: not an option of $cmd; see doorstep-county $cmd --help$" "$T/err"; } ||
		bad_unknown="$bad_unknown, $cmd (exit $rc: $(cat "$T/err"))"
done < "$T/ccommands"
[ -z "$bad_help" ] && ok "doorstep-county CMD --help: exit 0, on stdout, for every command" \
	|| fail "doorstep-county CMD --help:${bad_help#,}"
[ -z "$bad_version" ] && ok "doorstep-county CMD --version: exit 0 for every command" \
	|| fail "doorstep-county CMD --version:${bad_version#,}"
[ -z "$bad_unknown" ] && ok "doorstep-county CMD --jsno: exit 2, one line naming it, for every command" \
	|| fail "doorstep-county CMD --jsno:${bad_unknown#,}"
[ ! -e "$T/x" ] && ok "nothing was made in --data" || fail "$T/x appeared"
run "$C" serve --help
expect_out "^  --tls-cert FILE$" "serve --help names --tls-cert FILE"
expect_out "^  --insecure-console$" "... and --insecure-console"

# ---- doorstep-county: wrong use -----------------------------------------------------
run "$C" status --jsno
expect_rc 2 "doorstep-county status --jsno"
one_line_naming --jsno "status --jsno"
run "$C" status --data "$T/x" --listen 127.0.0.1:1
expect_rc 2 "serve's --listen on status"
one_line_naming --listen "another command's option"
run "$C" report caseload --data "$T/x" --year 2026
expect_rc 2 "budget's --year on report"
one_line_naming --year "another command's option"
run "$C" status --data "$T/x" --jso
expect_rc 2 "an abbreviation (--jso)"
one_line_naming --jso "an abbreviation"
run "$C" status --data "$T/x" --json=yes
expect_rc 2 "a flag given a value"
expect_err "^doorstep-county: --json: takes no value$" "... said in one line"
run "$C" status --data
expect_rc 2 "--data with no value"
expect_err "^doorstep-county: --data: needs a value$" "... said in one line"
run "$C" payroll --data "$T/x" --month
expect_rc 2 "--month with no value"
expect_err "^doorstep-county: --month: needs a value$" "... naming --month"
run "$C" status --data "$T/x" --passphrase-fd x
expect_rc 2 "--passphrase-fd that is no number"
expect_err "^doorstep-county: --passphrase-fd: " "... naming it"
run "$C" status --data "$T/x" extra
expect_rc 2 "a word status does not take"
expect_err "^doorstep-county: extra: too many arguments$" "... naming it"
run "$C" --lang zh_CN status --data "$T/x" --jsno
expect_rc 2 "status --jsno under --lang zh_CN"
one_line_naming --jsno "in Chinese"
expect_err "不是 status 命令的选项" "... the message is in Chinese"
[ ! -e "$T/x" ] && ok "no wrong use made anything in --data" || fail "$T/x appeared"

# ---- doorstep-county: the forms that work --------------------------------------------
CP=$(passfile pass-county "the county keeps this one safe")
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" init --data "$T/county"
expect_rc 0 "doorstep-county init --data DIR"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" status --data="$T/county" --json
expect_rc 0 "status --data=DIR --json"
expect_out '"devices"' "... the JSON status"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" --data "$T/county" status
expect_rc 0 "--data DIR before the command"
expect_out "^Devices: 0" "... the status"
run "$C" status --data "$T/county" --json --passphrase-fd 3 3< "$CP"
expect_rc 0 "--passphrase-fd 3"
run "$C" status --data "$T/county" --passphrase-fd=3 3< "$CP"
expect_rc 0 "--passphrase-fd=3"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" report --data "$T/county" caseload --json
expect_rc 0 "report --data DIR caseload: the report's word after an option"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" report --json caseload --csv --data "$T/county"
expect_rc 2 "report --json and --csv both"
expect_err "^doorstep-county: --csv: " "... the report's own check still speaks"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" payroll frob --data "$T/county" --month 2026-11
expect_rc 2 "payroll frob"
expect_err "^doorstep-county: frob: " "... payroll's own check of its word"

finish
