#!/bin/sh
# t_payroll.sh — the county's payment roll (issue 14). A county of three
# townships, two assistants (wang, zhang), a supervisor (li) and an appeal
# reviewer (zhao), synced over HTTP, through six months of 2027 with a
# decision of every kind: a grant, a reduction appealed and overturned
# (back pay for the months it cut), a withdrawal month by month, a
# suspension and its end, a stop, and a stop that reaches the county only
# after the month it stops was paid (an adjustment in the next month).
# Each month's roll equals the table below, computed by hand, line by
# line and in its totals; each month is issued; an issued month stays
# byte-identical after later syncs; payroll check passes, and fails once
# a byte of the county store is altered. The files: the CSV reads back
# with Python's csv module (UTF-8 and GB18030), the workbook's sheets with
# the same totals, headers in Chinese under --lang zh_CN.
#
# By hand (Guangzhou, S = 1,165.00 a person; payment from the month after
# a decision takes effect; withdrawal 6 months, linear:
# ceil(1165 x (7-k)/6) = 1165, 971, 777, 583, 389, 195):
#   甲一 applicant, income 300: granted 865.00, decided 01-13, from Feb
#   乙二 1,165.00 since 2025-06, income 600: reduced to 565.00 from Feb;
#        appealed, overturned 04-05: 1,165.00 again, and the 600.00 a month
#        cut in Feb and Mar (issued) back paid in April's roll
#   丙三 1,165.00 since 2025-01, income 1,300 (above S, below 1.5 S):
#        withdrawal from Feb, month k of 6
#   丁四 900.00 since 2026-01, no account, income 265: visited and kept
#        at 900.00; suspended 02-08 (from Mar), resumed 05-03 (from Jun)
#   戊五 800.00 since 2026-03: stopped 02-09 (from Mar)
#   己六 700.00 since 2026-05: stopped 03-02 (from Apr) on li's laptop,
#        which reaches the county 05-02, after April was paid: -700.00
#        for April in May's roll
#   庚七 600.00 since 2026-01, entered 06-05: paid from June, the first
#        month open when it came (the months issued without it were the
#        old rolls' to pay)
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
LP=$(passfile pass-li "li supervises the townships")
RP=$(passfile pass-zhao "zhao reviews appeals")
. "$(dirname "$0")/county_lib.sh"

as() { who=$1; shift
	case $who in wang) pf=$WP ;; zhang) pf=$ZP ;; li) pf=$LP ;; zhao) pf=$RP ;; esac
	DOORSTEP_STORE="$T/$who" DOORSTEP_PASSPHRASE_FILE="$pf" "$D" "$@"; }
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
day() { export DOORSTEP_TODAY=$1; }

day 2027-01-04
run county init
for who in wang zhang li zhao; do
	case $who in wang|zhang) role=assistant ;; li) role=supervisor ;; zhao) role=reviewer ;; esac
	case $who in wang) pf=$WP ;; zhang) pf=$ZP ;; li) pf=$LP ;; zhao) pf=$RP ;; esac
	DOORSTEP_PASSPHRASE_FILE="$pf" run "$D" init --store "$T/$who" --user $who --role $role --region 440106
	run as $who device-key --out "$T/$who.key"
	run county enroll --device-key "$T/$who.key" --user $who --role $role --area 440106
	expect_rc 0 "$who's laptop enrolled ($role)"
done
if start_server; then ok "the county serves on 127.0.0.1:$PORT"
else fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; fi
for who in wang zhang li zhao; do run as $who enroll --county-key "$T/county/county.pub" --server "$URL"; done

# household NAME IDNUM TOWNSHIP VILLAGE INCOME RECEIVING(json or "") ACCOUNT
household() {
	tn=$3 vn=$4
	case $tn in 001) tname=石牌街道 ;; 002) tname=天河南街道 ;; 003) tname=五山街道 ;; esac
	payee=""
	[ -n "$7" ] && payee=",\"payee\":{\"name\":\"$1\",\"bank\":\"广州农商银行\",\"account\":\"$7\"}"
	rec=""
	[ -n "$6" ] && rec=",\"receiving\":$6"
	printf '{"region":"440106","township":{"code":"440106%s","name":"%s"},"village":{"code":"440106%s%s","name":"%s%s社区"},"address":"%s1号","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"%s"}]}],"assets":{"financial":"300","vehicles":[],"homes":1}%s%s}\n' \
		"$tn" "$tname" "$tn" "$vn" "$tname" "$vn" "$tname" "$1" "$2" "$5" "$rec" "$payee"
}
I1=$(id18 44010619700101001); I2=$(id18 44010619710202002); I3=$(id18 44010619720303003)
I4=$(id18 44010619730404004); I5=$(id18 44010619740505005); I6=$(id18 44010619750606006)
household 甲一 "$I1" 001 001 300 "" 6222020000000000011 > "$T/h1.json"
household 乙二 "$I2" 001 001 600 '{"allowance":"1165","since":"2025-06"}' 6222020000000000029 > "$T/h2.json"
household 丙三 "$I3" 001 002 1300 '{"allowance":"1165","since":"2025-01"}' 6222020000000000037 > "$T/h3.json"
household 丁四 "$I4" 002 001 265 '{"allowance":"900","since":"2026-01"}' "" > "$T/h4.json"
household 戊五 "$I5" 003 001 365 '{"allowance":"800","since":"2026-03"}' 6222020000000000052 > "$T/h5.json"
household 己六 "$I6" 003 001 465 '{"allowance":"700","since":"2026-05"}' 6222020000000000060 > "$T/h6.json"
for n in 1 2 3 4; do
	run as wang household add --json "$T/h$n.json"
	expect_rc 0 "wang adds household $n"
	eval "H$n=\$(tail -n 1 \"\$T/out\" | awk '{print \$NF}')"
done
for n in 5 6; do
	run as zhang household add --json "$T/h$n.json"
	expect_rc 0 "zhang adds household $n"
	eval "H$n=\$(tail -n 1 \"\$T/out\" | awk '{print \$NF}')"
done
push() { for who in "$@"; do run as $who sync push; expect_rc 0 "$who pushes ($DOORSTEP_TODAY)"; done; }
pull() { for who in "$@"; do run as $who sync pull; expect_rc 0 "$who pulls ($DOORSTEP_TODAY)"; done; }
visit() { # WHO HOUSEHOLD IDNUM DATE
	printf '{"date":"%s","staff":["%s","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen"}\n' \
		"$4" "$1" "$3" "$3" "$4" > "$T/visit.json"
	run as "$1" visit record "$2" --json "$T/visit.json"
	expect_rc 0 "$1 visits $2 on $4"
	run as "$1" review submit "$2"
	expect_rc 0 "... and submits it"
}

# roll MONTH: the county's roll as "head kind month k/n amount" lines, then
# the totals, from --json
roll_lines() {
	python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
rows = []
for l in r["lines"]:
    kn = "%s/%s" % (l["k"], l["n"]) if l.get("n") else "-"
    rows.append("%s %s %s %s %s" % (l["head"], l["kind"], l["month"], kn, l["amount"]))
for x in sorted(rows):
    print(x)
c = r["county"]
print("total %s households %s lines %s stopped %s suspended %s no_account %s" % (
    c["total"], c["households"], c["lines"], c["stopped"], c["suspended"], c["no_account"]))
EOF
}
check_roll() { # MONTH EXPECTED-FILE
	run county payroll --month "$1" --json
	expect_rc 0 "the roll of $1"
	cp "$T/out" "$T/roll-$1.json"
	roll_lines "$T/roll-$1.json" > "$T/got-$1" 2> "$T/py.err"
	if cmp -s "$2" "$T/got-$1"; then ok "the roll of $1 is the table computed by hand, line by line and in its totals"
	else fail "the roll of $1: $(diff "$2" "$T/got-$1" | tr '\n' '|') $(cat "$T/py.err")"; fi
}
issue() { # MONTH
	run county payroll issue --month "$1"
	expect_rc 0 "$1 issued"
	expect_out "^$1 issued: hash " "... says so, with its hash"
	run county payroll --month "$1" --csv
	cp "$T/out" "$T/issued-$1.csv"
}

push wang zhang li zhao
cat > "$T/want-2027-01" <<'EOF'
丁四 regular 2027-01 - 900.00
丙三 regular 2027-01 - 1165.00
乙二 regular 2027-01 - 1165.00
己六 regular 2027-01 - 700.00
戊五 regular 2027-01 - 800.00
total 4730.00 households 5 lines 5 stopped 0 suspended 0 no_account 1
EOF

# ---- January: visits, a grant, a reduction, a withdrawal ---------------------------------
day 2027-01-05
visit wang "$H1" "$I1" 2027-01-05
visit wang "$H2" "$I2" 2027-01-05
visit wang "$H3" "$I3" 2027-01-05
visit wang "$H4" "$I4" 2027-01-05
push wang
day 2027-01-06
pull li
for h in "$H1" "$H2" "$H3" "$H4"; do run as li review approve "$h"; expect_rc 0 "li approves $h"; done
push li
day 2027-01-14
run as li household list
push li
pull wang
day 2027-01-20
check_roll 2027-01 "$T/want-2027-01"
issue 2027-01
run county payroll issue --month 2027-01
expect_rc 0 "issuing January again"
expect_out "was issued already; nothing changed" "... changes nothing"
run county payroll issue --month 2027-03
expect_rc 1 "March cannot be issued before February"
expect_err "month" "... the error names the month"

# ---- February: a suspension, a stop, an appeal ------------------------------------------
cat > "$T/want-2027-02" <<'EOF'
丁四 regular 2027-02 - 900.00
丙三 withdrawal 2027-02 1/6 1165.00
乙二 regular 2027-02 - 565.00
己六 regular 2027-02 - 700.00
戊五 regular 2027-02 - 800.00
甲一 regular 2027-02 - 865.00
total 4995.00 households 6 lines 6 stopped 0 suspended 0 no_account 1
EOF
day 2027-02-08
run as li review suspend "$H4" --reason "away working in the city; payments wait for his return"
expect_rc 0 "li suspends 丁四"
visit zhang "$H5" "$I5" 2027-02-08
push li zhang
day 2027-02-09
pull li
run as li review refuse "$H5" --reason "a son now supports the household"
expect_rc 0 "li stops 戊五"
day 2027-02-10
pull wang
run as wang appeal file "$H2" --reason "the wages were a one-off; they have stopped"
expect_rc 0 "乙二 appeals the reduction"
push wang li
pull zhao
run as zhao appeal assign "$H2" --to zhao
expect_rc 0 "zhao, the reviewer, takes the appeal"
push zhao
day 2027-02-20
check_roll 2027-02 "$T/want-2027-02"
issue 2027-02

# ---- March: li stops 己六 on her laptop and does not sync until May -------------------------
cat > "$T/want-2027-03" <<'EOF'
丙三 withdrawal 2027-03 2/6 971.00
乙二 regular 2027-03 - 565.00
己六 regular 2027-03 - 700.00
甲一 regular 2027-03 - 865.00
total 3101.00 households 4 lines 4 stopped 1 suspended 1 no_account 0
EOF
day 2027-03-01
visit zhang "$H6" "$I6" 2027-03-01
push zhang
pull li
day 2027-03-02
run as li review refuse "$H6" --reason "the household moved to another county"
expect_rc 0 "li stops 己六 (not synced)"
day 2027-03-20
check_roll 2027-03 "$T/want-2027-03"
issue 2027-03

# ---- April: the appeal overturned ---------------------------------------------------------
cat > "$T/want-2027-04" <<'EOF'
丙三 withdrawal 2027-04 3/6 777.00
乙二 back_pay 2027-02 - 600.00
乙二 back_pay 2027-03 - 600.00
乙二 regular 2027-04 - 1165.00
己六 regular 2027-04 - 700.00
甲一 regular 2027-04 - 865.00
total 4707.00 households 4 lines 6 stopped 0 suspended 1 no_account 0
EOF
day 2027-04-05
pull zhao
run as zhao appeal decide "$H2" overturn --reason "the wages ended in December" --restore receiving
expect_rc 0 "zhao overturns the reduction"
push zhao
day 2027-04-20
check_roll 2027-04 "$T/want-2027-04"
issue 2027-04

# ---- May: li's stop of 己六 reaches the county; 丁四 resumes --------------------------------
cat > "$T/want-2027-05" <<'EOF'
丙三 withdrawal 2027-05 4/6 583.00
乙二 regular 2027-05 - 1165.00
己六 adjustment 2027-04 - -700.00
甲一 regular 2027-05 - 865.00
total 1913.00 households 4 lines 4 stopped 0 suspended 1 no_account 0
EOF
day 2027-05-02
push li
day 2027-05-03
run as li review resume "$H4"
expect_rc 0 "li resumes 丁四"
push li
run county payroll --month 2027-04 --csv
if cmp -s "$T/out" "$T/issued-2027-04.csv"; then ok "April's roll, issued, is byte-identical after the late syncs"
else fail "April's roll changed after it was issued"; fi
day 2027-05-20
check_roll 2027-05 "$T/want-2027-05"
issue 2027-05

# ---- June ------------------------------------------------------------------------------------
cat > "$T/want-2027-06" <<'EOF'
丁四 regular 2027-06 - 900.00
丙三 withdrawal 2027-06 5/6 389.00
乙二 regular 2027-06 - 1165.00
庚七 regular 2027-06 - 600.00
甲一 regular 2027-06 - 865.00
total 3919.00 households 5 lines 5 stopped 0 suspended 0 no_account 1
EOF
day 2027-06-05
I7=$(id18 44010619760707007)
household 庚七 "$I7" 003 001 565 '{"allowance":"600","since":"2026-01"}' 6222020000000000078 > "$T/h7.json"
run as zhang household add --json "$T/h7.json"
expect_rc 0 "zhang adds 庚七, paid 600.00 since 2026-01 by the old rolls"
push zhang
day 2027-06-20
run county payroll issue --month 2027-07
expect_rc 1 "July cannot be issued before it begins"
expect_err "month: 2027-07 has not begun" "... the error names the month and says why"
check_roll 2027-06 "$T/want-2027-06"
issue 2027-06
for m in 2027-01 2027-02 2027-03 2027-04 2027-05 2027-06; do
	run county payroll --month $m --csv
	cmp -s "$T/out" "$T/issued-$m.csv" && ok "$m is as issued" || fail "$m changed since it was issued"
	run county payroll check --month $m
	expect_rc 0 "payroll check $m: it matches the log"
done
run county payroll check --month 2027-07
expect_rc 1 "a month never issued cannot be checked"

# the outlay report: the six months as issued
run county report outlay --month 2027-06 --json
python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
print(' '.join('%s:%s:%s' % (m['month'][5:], m['issued'], m['total']) for m in r['months']))" "$T/out" > "$T/outl" 2>&1
[ "$(cat "$T/outl")" = "01:True:4730.00 02:True:4995.00 03:True:3101.00 04:True:4707.00 05:True:1913.00 06:True:3919.00" ] \
	&& ok "the outlay report gives the six issued months' totals" || fail "outlay: $(cat "$T/outl")"

# the budget's actual months are the rolls: January to June as issued;
# July is projected from the cases in force: 865 + 1,165 + 195 (丙三's
# sixth month) + 900 + 600 = 3,725, and each of the four regular cases
# (one person each) 174.00 more, the standard of 2023 raised by its own
# 3.5% rule each year (1,165 -> 1,206 -> 1,249 -> 1,293 -> 1,339 in 2027,
# each up to a yuan): 4,421.00
run county budget --year 2027 --json
expect_rc 0 "the budget for 2027"
python3 -c "
import json, sys
b = json.load(open(sys.argv[1]))
print(' '.join('%s:%s:%s' % (m['month'][5:], m['kind'], m['amount']) for m in b['months'][:7]))" "$T/out" > "$T/bud" 2>&1
[ "$(cat "$T/bud")" = "01:actual:4730.00 02:actual:4995.00 03:actual:3101.00 04:actual:4707.00 05:actual:1913.00 06:actual:3919.00 07:projected:4421.00" ] \
	&& ok "the budget's actual months are the issued rolls' totals; July projected from the cases in force" \
	|| fail "budget months: $(cat "$T/bud")"

# a policy imported later (payment from the same month, from 2027) moves no
# month already paid: each step's event says from when it pays
python3 - "$(dirname "$0")/../../store/policy-default.json" > "$T/policy-same.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
p["version"] = "county-2027-same-month"
p["effective_from"] = "2027-01-01"
p["casework"]["payment_starts"]["month"] = "same"
print(json.dumps(p, ensure_ascii=False))
EOF
run county policy "$T/policy-same.json"
expect_rc 0 "the county imports a policy paying from the same month, from 2027"
for m in 2027-01 2027-03 2027-05 2027-06; do
	run county payroll --month $m --csv
	cmp -s "$T/out" "$T/issued-$m.csv" && ok "$m is still as issued" || fail "$m changed with the later policy"
	run county payroll check --month $m
	expect_rc 0 "payroll check $m still matches"
done

# ---- the files --------------------------------------------------------------------------------
run county payroll --month 2027-04 --csv
python3 - "$T/out" <<'EOF' > "$T/csvcheck" 2>&1
import csv, sys
data = open(sys.argv[1], "rb").read()
assert data.startswith(b"\xef\xbb\xbf"), "no BOM"
rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
print(len(rows) > 6)
EOF
grep -q True "$T/csvcheck" && ok "the CSV reads back with Python's csv module (UTF-8 with a BOM)" || fail "csv: $(cat "$T/csvcheck")"
run county payroll --month 2027-04 --csv --encoding gb18030
python3 -c "
import csv,sys
rows=list(csv.reader(open(sys.argv[1],encoding='gb18030',newline='')))
print(any('乙二' in c for r in rows for c in r))" "$T/out" > "$T/gbcheck" 2>&1
grep -q True "$T/gbcheck" && ok "... and in GB18030" || fail "gb18030: $(cat "$T/gbcheck")"
run county payroll --month 2027-04 --csv --lang zh_CN
head -c 600 "$T/out" | grep -q "户主" && ok "Chinese headers under --lang zh_CN" || fail "zh headers: $(head -c 300 "$T/out")"
run county payroll --month 2027-04 --xlsx "$T/roll.xlsx"
expect_rc 0 "the workbook written"
run county payroll --month 2027-04 --csv
cp "$T/out" "$T/roll.csv"
RC="$(dirname "$0")/rollcheck.py"
python3 "$RC" county "$T/roll.csv" > "$T/rc1" 2>&1
python3 "$RC" county "$T/roll.xlsx" > "$T/rc2" 2>&1
[ "$(cat "$T/rc1")" = 4707.00 ] && cmp -s "$T/rc1" "$T/rc2" && ok "the workbook's county total is the CSV's: $(cat "$T/rc2")" \
	|| fail "county totals: csv $(cat "$T/rc1") xlsx $(cat "$T/rc2")"
python3 "$RC" totals "$T/roll.csv" > "$T/rt1" 2>&1
python3 "$RC" totals "$T/roll.xlsx" > "$T/rt2" 2>&1
[ -s "$T/rt1" ] && cmp -s "$T/rt1" "$T/rt2" && ok "... and every village's and township's totals" || fail "totals differ: $(diff "$T/rt1" "$T/rt2" | head -5)"
python3 "$RC" lines "$T/roll.csv" > "$T/rl1" 2>&1
python3 "$RC" lines "$T/roll.xlsx" > "$T/rl2" 2>&1
[ "$(wc -l < "$T/rl1")" = 6 ] && cmp -s "$T/rl1" "$T/rl2" && ok "... and its six lines" || fail "lines differ: $(diff "$T/rl1" "$T/rl2" | head -5)"
unzip -l "$T/roll.xlsx" > "$T/zl" 2>&1
[ "$(grep -c 'xl/worksheets/sheet' "$T/zl")" = 3 ] && ok "a summary sheet and a sheet for each township with lines in April (天河南's one household is suspended)" || fail "sheets: $(cat "$T/zl")"
unzip -p "$T/roll.xlsx" xl/workbook.xml | grep -q 'name="五山街道"' && ok "... named by the townships' names" || fail "sheet names: $(unzip -p "$T/roll.xlsx" xl/workbook.xml | head -c 600)"
run county payroll --month 2027-04
expect_rc 0 "the roll as text"
expect_out "^Payment roll for 2027-04, issued 2027-04-20 by county" "... says when it was issued, and by whom"
grep -q "6222020000000000029" "$T/out" && fail "the text shows a whole account" || ok "the text masks accounts"
expect_out "0029" "... but for their last four digits"

# ---- on li's laptop: the roll of what it holds ------------------------------------------------
run as li payroll --month 2027-06 --json
expect_rc 0 "li's own roll"
run as wang payroll --month 2027-06
expect_rc 5 "an assistant has no payment roll"
run county payroll --month 2027-13
expect_rc 2 "a month that is not one"
expect_err "month" "... named"
run county payroll --month 2027-04 --csv --xlsx "$T/both.xlsx"
expect_rc 2 "a CSV and a workbook at once"
expect_err "^doorstep-county: --xlsx: give one of --json, --csv and --xlsx" "... refused in one line naming the option"
[ ! -e "$T/both.xlsx" ] && ok "... and no file written" || fail "a workbook was written"
run county payroll --month 2027-04 --csv --encoding latin1
expect_rc 2 "an encoding doorstep does not write"
expect_err "encoding" "... named"

# ---- a byte of the county's store altered -----------------------------------------------------
stop_server
cp -r "$T/county" "$T/county-good"
python3 - "$T/county/store/store.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq = db.execute("select max(seq) from event where kind='case.refused'").fetchone()[0]
b = bytearray(db.execute("select body from event where seq=?", (seq,)).fetchone()[0])
b[len(b) // 2] ^= 1
db.execute("update event set body=? where seq=?", (bytes(b), seq))
db.commit()
EOF
run county payroll check --month 2027-05
expect_rc 4 "payroll check fails once a byte of the county store is altered: damaged data"
[ "$(wc -l < "$T/err")" = 1 ] && ok "... in one line: $(cat "$T/err")" || fail "errors: $(cat "$T/err")"

finish
