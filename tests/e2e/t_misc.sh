#!/bin/sh
# The rest of the command line: init over a store, where the store lives, a
# store from a newer doorstep, a damaged file, the language, --help.
. "$(dirname "$0")/lib.sh"
P="$TOOLS/sqlpoke"

# ---- init where a store already is -----------------------------------------
new_store s
gen_households 40 1300000 > "$T/forty.jsonl"
run "$D" household import --jsonl "$T/forty.jsonl"
expect_rc 0 "forty households"
tree_sum "$DOORSTEP_STORE" > "$T/sum0"
run "$D" init --user zhao --role supervisor
expect_rc 1 "init where a store already is"
expect_err "already" "the message says a store is there"
tree_sum "$DOORSTEP_STORE" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "the store is unchanged" || fail "the store changed"
run "$D" household list --user wang
expect_rc 0 "the store still opens for wang"

# ---- where the store is ---------------------------------------------------------
S=$DOORSTEP_STORE
PASS=$DOORSTEP_PASSPHRASE_FILE
unset DOORSTEP_STORE
XDG_DATA_HOME="$T/xdg" run "$D" init --user wang --role assistant
expect_rc 0 "init with XDG_DATA_HOME set"
[ -f "$T/xdg/doorstep/store.db" ] && ok "the store is in \$XDG_DATA_HOME/doorstep" \
	|| fail "no store in \$XDG_DATA_HOME/doorstep: $(find "$T" -name store.db)"
[ "$(stat -c %a "$T/xdg/doorstep" 2>/dev/null)" = 700 ] && ok "its folder is 0700" \
	|| fail "its folder is $(stat -c %a "$T/xdg/doorstep" 2>/dev/null)"
[ ! -e "$HOME/.local/share/doorstep" ] && ok "nothing in ~/.local/share" || fail "a store in ~/.local/share too"
run "$D" init --user wang --role assistant
expect_rc 0 "init with XDG_DATA_HOME unset"
[ -f "$HOME/.local/share/doorstep/store.db" ] && ok "the store is in ~/.local/share/doorstep" \
	|| fail "no store in ~/.local/share/doorstep"
XDG_DATA_HOME="$T/xdg" run "$D" household list --json
expect_rc 0 "list finds the store in \$XDG_DATA_HOME"
expect_out '^\[\]$' "which is empty"
DOORSTEP_STORE="$S" XDG_DATA_HOME="$T/xdg" run "$D" household list --json
n=$(grep -c '"id":"' "$T/out")
[ "$n" -eq 40 ] && ok "DOORSTEP_STORE wins over XDG_DATA_HOME" || fail "DOORSTEP_STORE: $n households"
DOORSTEP_STORE="$T/xdg/doorstep" run "$D" household list --json --store "$S"
n=$(grep -c '"id":"' "$T/out")
[ "$n" -eq 40 ] && ok "--store wins over DOORSTEP_STORE" || fail "--store: $n households"
DOORSTEP_STORE="$T/xdg/doorstep" run "$D" init --store "$T/third" --user wang --role assistant
expect_rc 0 "init --store with DOORSTEP_STORE set"
[ -f "$T/third/store.db" ] && ok "init --store makes the store there" || fail "no store in --store"
run "$D" household list --store "$T/nowhere"
expect_rc 1 "a folder with no store"
expect_err "init" "the message says how to make one"
[ ! -e "$T/nowhere" ] && ok "no folder was made" || fail "a folder was made"
export DOORSTEP_STORE="$S"

# ---- a newer store --------------------------------------------------------------
cp -a "$S" "$T/newer"
"$P" "$T/newer/store.db" exec "PRAGMA user_version=99" || fail "sqlpoke user_version"
tree_sum "$T/newer" > "$T/sum0"
run "$D" household list --store "$T/newer"
expect_rc 8 "a store with user_version 99"
expect_err "newer" "the message says a newer doorstep is needed"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "in one line" || fail "$(wc -l < "$T/err") lines"
tree_sum "$T/newer" > "$T/sum1"
cmp -s "$T/sum0" "$T/sum1" && ok "the newer store is left alone" || fail "the newer store changed"

# ---- a truncated store ------------------------------------------------------
for cmd in "household list" "audit verify" "store rebuild"; do
	rm -rf "$T/cut"
	cp -a "$S" "$T/cut"
	size=$(stat -c %s "$T/cut/store.db")
	truncate -s $((size / 2)) "$T/cut/store.db"
	run "$D" $cmd --store "$T/cut"
	expect_rc 4 "$cmd of a store.db cut in half"
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "$cmd: one line of message" \
		|| fail "$cmd: the message: $(head -c 300 "$T/err")"
done

# ---- the language of messages ----------------------------------------------
export DOORSTEP_PASSPHRASE_FILE
DOORSTEP_PASSPHRASE_FILE=$(passfile wrong "not the passphrase")
run "$D" household list --lang zh_CN
expect_rc 3 "--lang zh_CN, wrong passphrase"
expect_err "口令" "--lang zh_CN gives the message in Chinese"
LANG=zh_CN.UTF-8 run "$D" household list
expect_rc 3 "LANG=zh_CN.UTF-8, wrong passphrase"
expect_err "口令" "LANG=zh_CN.UTF-8 gives the message in Chinese"
LANG=C.UTF-8 run "$D" household list
expect_rc 3 "LANG=C.UTF-8, wrong passphrase"
expect_err "wrong passphrase" "LANG=C.UTF-8 gives English"
LANG=zh_CN.UTF-8 run "$D" household list --lang en
expect_err "wrong passphrase" "--lang en wins over LANG=zh_CN.UTF-8"
run "$D" household list --lang zh_CN.UTF-8
expect_rc 3 "--lang zh_CN.UTF-8 is taken as zh_CN"
expect_err "口令" "... and gives Chinese"
DOORSTEP_PASSPHRASE_FILE=$PASS
# An unknown language is wrong use, named, with the ones there are; nothing
# else is done (no passphrase read, no store opened).
tree_sum "$DOORSTEP_STORE" > "$T/lang0"
for form in "--lang xx" "--lang=xx" "--lang fr_FR.UTF-8" "--lang="; do
	run "$D" household list $form
	expect_rc 2 "doorstep household list $form"
	v=${form#--lang}; v=${v#[ =]}
	expect_err "^doorstep: --lang: .*\"$v\".*en.*zh_CN" "$form: the message names the value and the languages"
	[ "$(wc -l < "$T/err")" -eq 1 ] && ok "$form: one line" || fail "$form: $(cat "$T/err")"
	[ ! -s "$T/out" ] && ok "$form: nothing on stdout" || fail "$form: stdout: $(head -c 200 "$T/out")"
done
run "$D" --lang xx version
expect_rc 2 "--lang xx before the command"
LANG=zh_CN.UTF-8 run "$D" household list --lang xx
expect_rc 2 "--lang xx under LANG=zh_CN.UTF-8"
expect_err "en.*zh_CN" "... names the languages"
expect_err "[语言]" "... in the environment's language, Chinese"
tree_sum "$DOORSTEP_STORE" > "$T/lang1"
cmp -s "$T/lang0" "$T/lang1" && ok "an unknown --lang changed nothing" || fail "the store changed"
run "$BUILD/doorstep-county" status --data "$T/no-county" --lang xx
expect_rc 2 "doorstep-county --lang xx"
expect_err "^doorstep-county: --lang: .*\"xx\".*en.*zh_CN" "doorstep-county names the value and the languages"
run "$BUILD/doorstep-county" status --data "$T/no-county" --lang zh_CN
expect_rc 1 "doorstep-county --lang zh_CN is known (the missing store is what it says)"
expect_err "案卷库" "... in Chinese"

# ---- help and wrong use ---------------------------------------------------------
run "$D" --help
expect_rc 0 "doorstep --help"
missing=""
for c in init passwd "user add" "user list" recover "household add" \
         "household import" "household list" "household show" \
         "household find" demo "store rebuild" "audit verify"; do
	grep -q "^  $c " "$T/out" || missing="$missing, $c"
done
[ -z "$missing" ] && ok "--help lists every command" || fail "--help lacks${missing#,}"
expect_out "DOORSTEP_PASSPHRASE_FILE" "--help says where the passphrase comes from"
run "$D"
expect_rc 2 "doorstep with no command"
run "$D" nonsense
expect_rc 2 "an unknown command"
run "$D" --version
expect_rc 0 "--version"
expect_out "^doorstep [0-9]" "it prints the version"

finish
