#!/bin/sh
# make install and make uninstall into a DESTDIR: the exact files and their
# modes, the man pages rendered without warnings and naming every command
# and option, the systemd unit verified, the bash completion working, the
# installed program finding its translations; uninstall removes them all
# and nothing else.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) B=$BUILD ;; *) B=$(pwd)/$BUILD ;; esac
unset MAKEFLAGS MFLAGS MAKELEVEL TEXTDOMAINDIR
R="$T/root"

# mk ARGS...: make in the tree this script is in, on the programs built.
mk() { make --no-print-directory -C "$top" BUILD="$B" "$@" > "$T/make.out" 2>&1; rc=$?; }

mk install PREFIX=/usr DESTDIR="$R"
rc_install=$rc
expect_rc 0 "make install"
[ $rc_install = 0 ] || cat "$T/make.out"

cat > "$T/want" <<'LIST'
./usr/bin/doorstep
./usr/bin/doorstep-county
./usr/bin/doorstep-province
./usr/lib/systemd/system/doorstep-county.service
./usr/lib/sysusers.d/doorstep-county.conf
./usr/share/bash-completion/completions/doorstep
./usr/share/bash-completion/completions/doorstep-county
./usr/share/locale/zh_CN/LC_MESSAGES/doorstep.mo
./usr/share/man/man1/doorstep.1
./usr/share/man/man8/doorstep-county.8
./usr/share/man/man8/doorstep-province.8
LIST
(cd "$R" && find . ! -type d | LC_ALL=C sort) > "$T/got"
if cmp -s "$T/want" "$T/got"; then ok "exactly the expected files are installed"
else fail "installed files differ: $(diff "$T/want" "$T/got" | tr '\n' ' ')"; fi

bad=$(cd "$R" && find . -type f | while read -r f; do
	case $f in ./usr/bin/*) want=755 ;; *) want=644 ;; esac
	m=$(stat -c %a "$f"); [ "$m" = $want ] || echo "$f:$m"
done)
if [ -z "$bad" ]; then ok "programs are 755, the rest 644"
else fail "wrong modes: $bad"; fi

# ---- the programs --------------------------------------------------------------
for p in doorstep doorstep-county; do
	if cmp -s "$B/$p" "$R/usr/bin/$p"; then ok "$p installed as built"
	else fail "$p differs from $B/$p"; fi
done
run "$R/usr/bin/doorstep" --version
expect_rc 0 "the installed doorstep runs"
run "$R/usr/bin/doorstep" --lang zh_CN --help
expect_out "用法" "the installed doorstep finds its Chinese translation (../share/locale)"

# ---- man pages -----------------------------------------------------------------
for m in man1/doorstep.1 man8/doorstep-county.8 man8/doorstep-province.8; do
	f="$R/usr/share/man/$m"
	w=$(MANWIDTH=80 man -l --warnings "$f" 2>&1 >/dev/null)
	g=$(groff -man -ww -z "$f" 2>&1)
	if [ -z "$w$g" ]; then ok "$m renders without warnings"
	else fail "$m: warnings: $w $g"; fi
	MANWIDTH=80 man -l "$f" > "$T/page" 2>/dev/null
	lacks=""
	for s in NAME SYNOPSIS COMMANDS ENVIRONMENT FILES "EXIT STATUS"; do
		grep -q "^$s" "$T/page" || lacks="$lacks [$s]"
	done
	if [ -z "$lacks" ]; then ok "$m renders its sections"
	else fail "$m renders no section$lacks"; fi
done
# every command of each program and every option of doorstep-county's usage,
# in the page's text (font and hyphen escapes taken out)
plain() { sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\e/\\/g' "$1"; }
plain "$R/usr/share/man/man1/doorstep.1" > "$T/d1"
plain "$R/usr/share/man/man8/doorstep-county.8" > "$T/d8"
"$B/doorstep" --help 2>/dev/null | sed -n '/^  [a-z]/{s/^  //;s/  .*//;p;}' | sed 's/ *$//' > "$T/cmds"
missing=""
n=0
while read -r c; do
	n=$((n + 1))
	grep -q -- "$c" "$T/d1" || missing="$missing [$c]"
done < "$T/cmds"
for c in "store backup" "store restore" --store --user --passphrase-fd --new-passphrase-fd --lang --help --version \
	DOORSTEP_STORE DOORSTEP_PASSPHRASE_FILE DOORSTEP_NEW_PASSPHRASE_FILE DOORSTEP_USER DOORSTEP_TODAY; do
	grep -q -- "$c" "$T/d1" || missing="$missing [$c]"
done
if [ $n -gt 30 ] && [ -z "$missing" ]; then ok "doorstep.1 names all $n commands of doorstep --help and the global options"
else fail "doorstep.1 lacks:$missing ($n commands read from --help)"; fi
"$B/doorstep-county" --help > "$T/cusage" 2>&1
sed -n 's/^  doorstep-county \([a-z-]*\).*/\1/p' "$T/cusage" > "$T/ccmds"
grep -o -- '--[a-z][a-z-]*' "$T/cusage" | sort -u > "$T/copts"
missing=""
n=0
for c in $(cat "$T/ccmds" "$T/copts") user "user add" "user list" "user passwd" "user disable" \
	backup restore --to --from --password-fd --tls-cert --tls-key --insecure-console --days --role \
	--help --version DOORSTEP_PASSPHRASE_FILE DOORSTEP_OFFICE_PASSWORD_FILE; do
	n=$((n + 1))
	grep -q -- "$c" "$T/d8" || missing="$missing [$c]"
done
if [ $n -gt 30 ] && [ -z "$missing" ]; then ok "doorstep-county.8 names every command and option ($n)"
else fail "doorstep-county.8 lacks:$missing"; fi

"$B/doorstep-province" --help > "$T/pusage" 2>&1
plain "$R/usr/share/man/man8/doorstep-province.8" > "$T/dp8"
missing=""
for c in $(sed -n 's/^  doorstep-province \([a-z-]*\).*/\1/p' "$T/pusage") households duplicates withdrawals appeals budget late \
	--db --out --key --every --again --json --month --days --year --lang --help --version PGPASSFILE DOORSTEP_TODAY; do
	grep -q -- "$c" "$T/dp8" || missing="$missing [$c]"
done
[ -z "$missing" ] && ok "doorstep-province.8 names every command and option" || fail "doorstep-province.8 lacks:$missing"

# ---- the systemd unit ----------------------------------------------------------
U="$R/usr/lib/systemd/system/doorstep-county.service"
lacks=""
if grep -q '^ExecStart=/usr/bin/doorstep-county serve --data /var/lib/doorstep-county ' "$U" && ! grep -q @BINDIR@ "$U"
then ok "the unit runs /usr/bin/doorstep-county serve (paths from PREFIX)"
else fail "the unit's ExecStart: $(grep -e ExecStart -e @BINDIR@ "$U")"; fi
for k in Type=notify LoadCredential=passphrase:/etc/doorstep-county/passphrase \
	Environment=DOORSTEP_PASSPHRASE_FILE=%d/passphrase StateDirectory=doorstep-county \
	User=doorstep-county NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
	PrivateTmp=yes LimitCORE=0; do
	grep -qx -- "$k" "$U" || lacks="$lacks $k"
done
if [ -z "$lacks" ]; then ok "the unit has the credential, Type=notify and the hardening"
else fail "the unit lacks:$lacks"; fi
if command -v systemd-analyze > /dev/null 2>&1; then
	# verify wants ExecStart's program at its path, and finds the page
	# named by Documentation= through MANPATH: point both into DESTDIR
	mkdir -p "$T/unit"
	sed "s|=/usr/bin/doorstep-county|=$R/usr/bin/doorstep-county|" "$U" > "$T/unit/doorstep-county.service"
	if MANPATH="$R/usr/share/man" systemd-analyze verify "$T/unit/doorstep-county.service" > "$T/sa" 2>&1 && [ ! -s "$T/sa" ]
	then ok "systemd-analyze verify passes on the installed unit (its man page found)"
	else fail "systemd-analyze verify: $(head -c 600 "$T/sa")"; fi
	# and it does check: a unit whose program is not there fails
	sed "s|=/usr/bin/doorstep-county|=$T/nowhere/doorstep-county|" "$U" > "$T/unit/doorstep-county.service"
	if MANPATH="$R/usr/share/man" systemd-analyze verify "$T/unit/doorstep-county.service" > /dev/null 2>&1
	then fail "systemd-analyze verify passed a unit whose program is missing"
	else ok "systemd-analyze verify fails a unit whose program is missing"; fi
else
	ok "# skip systemd-analyze: not on this machine"
fi

if command -v systemd-sysusers > /dev/null 2>&1; then
	mkdir -p "$T/sysroot/etc"
	if systemd-sysusers --root="$T/sysroot" "$R/usr/lib/sysusers.d/doorstep-county.conf" > /dev/null 2>&1 &&
		grep -q '^doorstep-county:x:[0-9]*:[0-9]*:[^:]*:/var/lib/doorstep-county:' "$T/sysroot/etc/passwd"
	then ok "the sysusers file makes the unit's user doorstep-county"
	else fail "systemd-sysusers on the installed file: $(cat "$T/sysroot/etc/passwd" 2>&1)"; fi
else
	ok "# skip systemd-sysusers: not on this machine"
fi

# ---- bash completion -----------------------------------------------------------
C="$R/usr/share/bash-completion/completions"
if bash -n "$C/doorstep" && bash -n "$C/doorstep-county"; then ok "the completion files are valid bash"
else fail "bash -n on the completion files"; fi
# comp FILE FUNCTION WORDS...: what FUNCTION completes for the last word
comp() {
	f=$1 fn=$2; shift 2
	(cd "$top" && bash -c '. "$1"; fn=$2; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMPREPLY=(); $fn; printf "%s\n" "${COMPREPLY[@]}"' x "$f" "$fn" "$@" 2>&1) | tr '\n' ' ' | sed 's/ $//'
}
expect_comp() {
	want=$1; shift
	got=$(comp "$@")
	shift 2
	if [ "$got" = "$want" ]; then ok "completing '$*' gives '$want'"
	else fail "completing '$*' gives '$got', wanted '$want'"; fi
}
expect_comp status "$C/doorstep-county" _doorstep_county doorstep-county st
expect_comp "caseload ending waiting laptops outlay" "$C/doorstep-county" _doorstep_county doorstep-county --data /x report ""
expect_comp "--tls-cert --tls-key" "$C/doorstep-county" _doorstep_county doorstep-county serve --tls
expect_comp "officer approver admin" "$C/doorstep-county" _doorstep_county doorstep-county user add li --role ""
expect_comp "Makefile" "$C/doorstep-county" _doorstep_county doorstep-county budget --svg Makef
expect_comp "show" "$C/doorstep" _doorstep doorstep household sh
expect_comp "save list discard" "$C/doorstep" _doorstep doorstep visit draft ""
expect_comp "--show-id --show-account" "$C/doorstep" _doorstep doorstep household show 4k8v --show
expect_comp "tests" "$C/doorstep" _doorstep doorstep store backup --to tes
expect_comp "" "$C/doorstep" _doorstep doorstep household list --json ""

# ---- another prefix ------------------------------------------------------------
mk install PREFIX=/opt/ds DESTDIR="$T/root2"
expect_rc 0 "make install PREFIX=/opt/ds"
if grep -q '^ExecStart=/opt/ds/bin/doorstep-county ' "$T/root2/opt/ds/lib/systemd/system/doorstep-county.service" 2>/dev/null
then ok "the unit names the program under PREFIX=/opt/ds"
else fail "the unit under PREFIX=/opt/ds: $(grep ExecStart "$T/root2/opt/ds/lib/systemd/system/doorstep-county.service" 2>&1)"; fi

# ---- CPPFLAGS ------------------------------------------------------------------
make -n --no-print-directory -C "$top" BUILD="$T/nobuild" CPPFLAGS=-DDOORSTEP_CPPFLAGS_SEEN=1 \
	"$T/nobuild/tui/cli.o" "$T/nobuild/sync/county/main.o" > "$T/make.n" 2>&1
if [ "$(grep -c ' -c .*DOORSTEP_CPPFLAGS_SEEN\|DOORSTEP_CPPFLAGS_SEEN.* -c ' "$T/make.n")" = 2 ]
then ok "CPPFLAGS reaches the compiler"
else fail "CPPFLAGS not on the compile lines: $(head -c 400 "$T/make.n")"; fi

# ---- uninstall -----------------------------------------------------------------
echo keep > "$R/usr/bin/someone-else"
mk uninstall PREFIX=/usr DESTDIR="$R"
expect_rc 0 "make uninstall"
left=$(cd "$R" && find . ! -type d | LC_ALL=C sort | tr '\n' ' ')
if [ "$left" = "./usr/bin/someone-else " ]; then ok "make uninstall removes every installed file and nothing else"
else fail "after make uninstall: $left"; fi

finish
