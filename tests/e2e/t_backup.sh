#!/bin/sh
# t_backup.sh — backups and restores: the county's store backed up while
# doorstep-county serve runs and a laptop pushes; modes 0600/0700; the
# manifest's sizes and BLAKE2b-256 hashes; a restore into a fresh folder
# gives the same status and households; a backup with a byte flipped, cut
# short or its manifest edited is refused in one line naming the file and
# nothing is written; a wrong passphrase is refused; a restore never
# overwrites a store; a laptop's restore goes on in a new epoch and the
# county takes its next push; kill -9 during a backup leaves nothing a
# restore accepts but whole backups.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
BADP=$(passfile pass-bad "not the county's passphrase")
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/wang" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
mode() { stat -c %a "$1"; }
# the one backup folder in DIR (not a .partial- one)
backup_in() { find "$1" -mindepth 1 -maxdepth 1 -type d -name 'doorstep-backup-*' | head -n 1; }
# no folder a restore was staged in is left beside $T's entries
no_staging() { ! ls -a "$T" | grep -q 'restoring-'; }

. "$(dirname "$0")/county_lib.sh"

run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" init --store "$T/wang" --user wang --role assistant --region 440106
expect_rc 0 "wang's laptop"
run as_wang device-key --out "$T/wang.key"
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "the county enrols wang's laptop"
run as_wang demo --households 30 --seed 3
if start_server; then ok "doorstep-county serves on 127.0.0.1:$PORT"
else fail "doorstep-county serve did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
run as_wang enroll --county-key "$T/county/county.pub" --server "$URL"
run as_wang sync push
expect_rc 0 "wang pushes"

# ---- the county's backup, quietly and then while a laptop pushes -----------------
run county status --json
cp "$T/out" "$T/status-before"
run county backup --to "$T/bk1"
expect_rc 0 "the county backs up while its server runs"
B1=$(backup_in "$T/bk1")
[ -n "$B1" ] && ok "... into a folder of its own: $(basename "$B1")" || fail "no backup folder in $T/bk1: $(ls -a "$T/bk1")"
expect_out "$B1" "... and names it"
[ "$(mode "$T/bk1")" = 700 ] && ok "the folder made for backups is 0700" || fail "$T/bk1 is $(mode "$T/bk1")"
[ "$(mode "$B1")" = 700 ] && ok "the backup's folder is 0700" || fail "$B1 is $(mode "$B1")"
for f in store.db county.pub manifest; do
	[ -f "$B1/$f" ] && [ "$(mode "$B1/$f")" = 600 ] && ok "$f is in the backup, 0600" || fail "$B1/$f: $(ls -l "$B1" 2>&1)"
done
python3 - "$B1" > "$T/hashcheck" 2>&1 << 'EOF'
import hashlib, os, sys
d = sys.argv[1]
text = open(os.path.join(d, "manifest"), "rb").read().decode()
lines = text.splitlines(keepends=True)
files = [l.split()[1:] for l in lines if l.startswith("file: ")]
assert [f[0] for f in files] == ["store.db", "county.pub"], files
for name, size, h in files:
    data = open(os.path.join(d, name), "rb").read()
    assert len(data) == int(size), (name, len(data), size)
    assert hashlib.blake2b(data, digest_size=32).hexdigest() == h, name
last = lines[-1]
assert last.startswith("check: "), last
body = "".join(lines[:-1]).encode()
assert hashlib.blake2b(body, digest_size=32).hexdigest() == last.split()[1], "check"
for k in ("format: doorstep-backup-1", "kind: county", "schema: "):
    assert k in text, k
print("hashes ok")
EOF
grep -q "hashes ok" "$T/hashcheck" && ok "the manifest's sizes and BLAKE2b-256 hashes match the files (python3 hashlib)" || fail "manifest: $(cat "$T/hashcheck")"
grep -Eqi "wang|(^|[^0-9a-f])440106|(^|[^0-9a-f])[0-9]{17}[0-9X]([^0-9a-f]|$)" "$B1/manifest" && fail "the manifest names a person or an area: $(cat "$B1/manifest")" || ok "the manifest holds no name, area or ID number"

# a large bundle goes in on a slow line while the backup is taken
run as_wang demo --households 600 --seed 11
DOORSTEP_SYNC_RATE=300000 as_wang sync push > "$T/push.out" 2> "$T/push.err" &
PUSH=$!
sleep 1
# slowed (a pause every 16 pages) so that the push writes while it copies
DOORSTEP_BACKUP_PAUSE_MS=20 run county backup --to "$T/bk2"
expect_rc 0 "the county backs up while a laptop pushes"
wait "$PUSH"
prc=$?
[ "$prc" -eq 0 ] && ok "... and the push goes through beside it" || fail "push: exit $prc, $(cat "$T/push.err")"
B2=$(backup_in "$T/bk2")

# ---- restore the county into a fresh folder --------------------------------------------
run "$C" restore --data "$T/county-r1" --from "$B1" --passphrase-fd 3 3< "$CP"
expect_rc 0 "the county's backup is restored into a fresh folder"
[ "$(mode "$T/county-r1")" = 700 ] && [ "$(mode "$T/county-r1/store")" = 700 ] && [ "$(mode "$T/county-r1/store/store.db")" = 600 ] \
	&& ok "... folders 0700, store.db 0600" || fail "modes: $(ls -lR "$T/county-r1")"
cmp -s "$T/county-r1/county.pub" "$T/county/county.pub" && ok "... with the county's public key file" || fail "county.pub not restored"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" status --data "$T/county-r1" --json
cmp -s "$T/out" "$T/status-before" && ok "doorstep-county status on the restored store is what it was at the backup" \
	|| fail "status differs: $(diff "$T/status-before" "$T/out" | head -c 400)"
run "$C" restore --data "$T/county-r2" --from "$B2" --passphrase-fd 3 3< "$CP"
expect_rc 0 "the backup taken during the push is restored"
DOORSTEP_STORE="$T/county-r2/store" DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" audit verify
expect_rc 0 "... and its log is whole: the copy is one moment of the store"
no_staging && ok "no folder of a restore is left behind" || fail "left: $(ls -a "$T")"

# ---- refusals ---------------------------------------------------------------------------------
run "$C" restore --data "$T/county" --from "$B1" --passphrase-fd 3 3< "$CP"
expect_rc 1 "a restore over the county's store is refused"
expect_err "holds a store already" "... saying it holds a store (move it aside)"
mkdir "$T/notempty" && echo x > "$T/notempty/file"
run "$C" restore --data "$T/notempty" --from "$B1" --passphrase-fd 3 3< "$CP"
expect_rc 1 "a restore into a folder that is not empty is refused"
run "$C" restore --data "$T/county-bad" --from "$B1" --passphrase-fd 3 3< "$BADP"
expect_rc 3 "a wrong passphrase is refused"
[ ! -e "$T/county-bad" ] && no_staging && ok "... and nothing is written" || fail "written: $(ls -a "$T")"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" store restore --store "$T/x" --from "$B1"
expect_rc 1 "the county's backup is not a laptop's"

# tampered: a byte flipped, cut short, the manifest edited, a file gone
tamper() { # NAME: a copy of B1 in $T/tamper-NAME
	rm -rf "$T/tamper-$1"; cp -a "$B1" "$T/tamper-$1"; echo "$T/tamper-$1"
}
TB=$(tamper flip)
python3 -c "
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$TB/store.db"
TC=$(tamper cut)
truncate -s -4096 "$TC/store.db"
TM=$(tamper manifest)
sed -i 's/^made: 20/made: 19/' "$TM/manifest"
TH=$(tamper hash)
# the manifest's hash of county.pub changed and its check line made again:
# the file no longer matches
python3 - "$TH/manifest" << 'EOF'
import hashlib, sys
p = sys.argv[1]
lines = open(p).read().splitlines(keepends=True)[:-1]
lines = [l if not l.startswith("file: county.pub") else l[:-2] + ("0" if l[-2] != "0" else "1") + "\n" for l in lines]
body = "".join(lines)
open(p, "w").write(body + "check: " + hashlib.blake2b(body.encode(), digest_size=32).hexdigest() + "\n")
EOF
TG=$(tamper gone)
rm "$TG/county.pub"
for t in "flip:$TB/store.db" "cut:$TC/store.db" "manifest:$TM/manifest" "hash:$TH/county.pub" "gone:$TG/county.pub"; do
	name=${t%%:*} file=${t#*:}
	run "$C" restore --data "$T/county-$name" --from "$T/tamper-$name" --passphrase-fd 3 3< "$CP"
	expect_rc 4 "a backup tampered ($name) is refused"
	[ "$(wc -l < "$T/err")" -eq 1 ] && grep -qF "$file" "$T/err" && ok "... in one line naming $(basename "$file")" \
		|| fail "stderr: $(cat "$T/err")"
	[ ! -e "$T/county-$name" ] && no_staging && ok "... and nothing is written" || fail "written: $(ls -a "$T")"
done
run "$C" restore --data "$T/county-none" --from "$T/bk1" --passphrase-fd 3 3< "$CP"
expect_rc 1 "a folder without a manifest is not a backup"

# ---- a laptop's backup and restore ----------------------------------------------------------
run as_wang household list
cp "$T/out" "$T/list-before"
run as_wang store backup --to "$T/wbk"
expect_rc 0 "wang backs up his laptop"
WB=$(backup_in "$T/wbk")
[ -n "$WB" ] && [ "$(mode "$WB/store.db")" = 600 ] && [ "$(mode "$WB/manifest")" = 600 ] && [ "$(mode "$WB")" = 700 ] \
	&& ok "... a folder of its own, 0700, its files 0600" || fail "laptop backup: $(ls -la "$WB" 2>&1)"
grep -q "^kind: laptop$" "$WB/manifest" && ok "... a laptop's backup" || fail "manifest: $(cat "$WB/manifest")"
# wang goes on working and syncing after the backup, then loses the laptop
run as_wang demo --households 5 --seed 21
run as_wang sync push
expect_rc 0 "wang pushes what he did after the backup"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" store restore --store "$T/wang" --from "$WB"
expect_rc 1 "a laptop's restore over its store is refused"
DOORSTEP_PASSPHRASE_FILE="$BADP" run "$D" store restore --store "$T/wang2" --from "$WB"
expect_rc 3 "a laptop's restore with a wrong passphrase is refused"
[ ! -e "$T/wang2" ] && ok "... and nothing is written" || fail "$T/wang2 was made"
DOORSTEP_PASSPHRASE_FILE="$WP" run "$D" store restore --store "$T/wang2" --from "$WB"
expect_rc 0 "wang's laptop is restored into a new folder"
expect_out "epoch 2" "... and goes on in epoch 2 by itself"
as_wang2() { DOORSTEP_STORE="$T/wang2" DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_wang2 household list > "$T/list-after" 2>&1
cmp -s "$T/list-before" "$T/list-after" && ok "doorstep household list is what it was at the backup" \
	|| fail "list differs: $(diff "$T/list-before" "$T/list-after" | head -c 300)"
run as_wang2 demo --households 3 --seed 31
run as_wang2 sync push
expect_rc 0 "the county takes the restored laptop's next push"
run county status --json
tr -d ' \n' < "$T/out" | grep -q '"epoch":2' && ok "... in its new epoch" || fail "county status: $(cat "$T/out")"

# ---- kill -9 during a backup: only whole backups are taken back -------------------------
stop_server
echo "# the county's store.db: $(stat -c %s "$T/county/store/store.db") bytes"
for delay in 0.3 0.6 0.9 1.2 1.6 2.4 4; do
	# the program itself in the background (not a function's subshell), so
	# that kill -9 reaches it
	DOORSTEP_PASSPHRASE_FILE="$CP" DOORSTEP_BACKUP_PAUSE_MS=100 "$C" backup --data "$T/county" --to "$T/bk3" > /dev/null 2>&1 &
	BK=$!
	sleep "$delay"
	kill -9 "$BK" 2> /dev/null
	wait "$BK" 2> /dev/null
done
n_whole=0 n_partial=0 bad=0 i=0
for b in "$T"/bk3/doorstep-backup-* "$T"/bk3/.partial-*; do
	[ -e "$b" ] || continue
	i=$((i + 1))
	"$C" restore --data "$T/r3-$i" --from "$b" --passphrase-fd 3 3< "$CP" > /dev/null 2> "$T/r3.err"
	r=$?
	case $(basename "$b") in
	.partial-*) n_partial=$((n_partial + 1)); [ "$r" -ne 0 ] && [ ! -e "$T/r3-$i" ] || bad=$((bad + 1)) ;;
	*) n_whole=$((n_whole + 1)); [ "$r" -eq 0 ] || bad=$((bad + 1)) ;;
	esac
done
echo "# kill -9 left $n_whole whole backups and $n_partial cut short"
[ "$n_partial" -gt 0 ] && ok "kill -9 cut a backup short at least once" || fail "no backup was cut short: the test did not test it"
[ "$bad" -eq 0 ] && ok "after kill -9 during backups every whole backup restores and none cut short does" \
	|| fail "$bad wrong: $(cat "$T/r3.err")"
no_staging && ok "... and no restore's folder is left behind" || fail "left: $(ls -a "$T")"

finish
