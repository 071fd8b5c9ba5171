#!/bin/sh
# t_budget.sh — doorstep-county budget (issue 14): a county store with five
# households (three receiving as decided, one applicant, one in a
# withdrawal decided by an assistant and a supervisor), under a policy
# whose Guangzhou standard of 1,250.00 from 2026-07-01 rises by its rule
# of 3.5% a year. The JSON's monthly figures for 2027 against a Python
# hand computation (across the July anniversary); the what-if counts
# against each household assessed by `doorstep assess` under each policy;
# the SVG parsed by Python's xml.etree with 12 bars; the text chart within
# 80 columns, in blocks and in ASCII; the stale standard warned about with
# the default policy for 2026; a bad --year exits 2 naming it.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
C="$BUILD/doorstep-county"
county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
budget() { DOORSTEP_PASSPHRASE_FILE="$CP" "$C" budget --data "$T/county" "$@"; }
# doorstep on the county's own store: the county (a supervisor) and wang
as_county() { DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" "$D" "$@"; }
# flat: the last stdout as one line, runs of blanks as one space; joined:
# the text with wrapped items' continuation lines joined to their first
flat() { tr '\n' ' ' < "$T/out" | sed 's/[[:space:]][[:space:]]*/ /g' > "$T/flat"; }
joined() { awk '/^    [^ ]/ { sub(/^    /, ""); line = line " " $0; next }
	{ if (NR > 1) print line; line = $0 } END { print line }' "$T/out" > "$T/joined"; }
expect_joined() {
	joined
	if grep -Eq -- "$1" "$T/joined"; then ok "$2"
	else fail "$2: output lacks /$1/: $(head -c 300 "$T/joined")"; fi
}
# cols FILE: fails when a line is wider than 80 columns (Chinese counts 2)
cols() { python3 -c '
import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n"))
    if w > 80: print(w, l); sys.exit(1)' "$1"; }
as_wang() { DOORSTEP_STORE="$T/county/store" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }

# ---- an empty county: the default policy, a bad year ------------------------------
run "$C" init --data "$T/county" --passphrase-fd 3 3< "$CP"
expect_rc 0 "county init"
for y in 26 2026x 1999 "" 20266; do
	run budget --year "$y"
	expect_rc 2 "--year '$y' refused"
	expect_err "^doorstep-county: --year: " "... naming --year"
done
run budget
expect_rc 2 "no --year"
expect_err "^doorstep-county: --year: " "... naming --year"

# ---- the policy: Guangzhou 1,165.00 until 2026-06-30, then 1,250.00, +3.5% ----------
# written from the default policy file; the proposed one raises it to
# 1,400.00 and allows savings of only 3 months of the standard
mkpolicy() { # VERSION EFFECTIVE NEW_STANDARD FINANCIAL_MONTHS OUT
	python3 - "$TOP/store/policy-default.json" "$@" <<'EOF'
import json, sys
src, version, eff, new, months, out = sys.argv[1:]
p = json.load(open(src))
p["version"] = version
p["effective_from"] = eff
std = []
for s in p["standards"]:
    if s["region"] == "4401":
        old = dict(s); old["to"] = "2026-06-30"
        nw = dict(s); nw["monthly"] = new; nw["from"] = "2026-07-01"
        std += [old, nw]
    else:
        std.append(s)
p["standards"] = std
p["assets"]["financial_months_of_standard"] = int(months)
json.dump(p, open(out, "w"), ensure_ascii=False, indent=1)
EOF
}
mkpolicy test-budget-1 2024-01-01 1250.00 24 "$T/p1.json"
mkpolicy test-budget-2 2025-01-01 1400.00 3 "$T/p2.json"
run county policy "$T/p1.json"
expect_rc 0 "the county imports the budget policy"

DOORSTEP_NEW_PASSPHRASE_FILE="$WP" run as_county user add wang --role assistant
expect_rc 0 "the county's store gets an assistant, wang"

# ---- households ---------------------------------------------------------------------
hh() { # FILE ADDRESS MEMBERS_JSON FINANCIAL RECEIVING_JSON
	printf '{"region": "440106", "address": "%s", "members": [%s], "assets": {"financial": "%s", "vehicles": [], "homes": 1}%s}\n' \
		"$2" "$3" "$4" "$5" > "$1"
}
mem() { # NAME ID17 RELATION PENSION
	inc=""
	[ -n "$4" ] && inc="{\"source\": \"pension\", \"monthly\": \"$4\"}"
	printf '{"name": "%s", "id_number": "%s", "relation": "%s", "categories": [], "able_to_work": true, "incomes": [%s]}' \
		"$1" "$(id18 "$2")" "$3" "$inc"
}
# 1: two people, a pension of 300: 1250 × 2 − 300 = 2200 as decided
hh "$T/h1.json" "石牌街道1号" "$(mem 陈一 44010619700101001 head 300.00), $(mem 陈二 44010619720202002 spouse "")" 1000 \
	', "receiving": {"allowance": "2200.00", "since": "2026-07"}'
# 2: one person, 333.33: ⌈916.67⌉ = 917
hh "$T/h2.json" "石牌街道2号" "$(mem 李二 44010619600303003 head 333.33)" 500 \
	', "receiving": {"allowance": "917.00", "since": "2026-07"}'
# 3: one person, nothing, savings of 10,000, paid 1,000 as decided long ago
hh "$T/h3.json" "石牌街道3号" "$(mem 张三 44010619500404004 head "")" 10000 \
	', "receiving": {"allowance": "1000.00", "since": "2025-01"}'
# 4: an applicant with a pension of 1,200, not receiving
hh "$T/h4.json" "石牌街道4号" "$(mem 赵四 44010619550505005 head 1200.00)" 0 ""
# 5: receiving 1,195, a pension of 1,300 now: a withdrawal is decided
hh "$T/h5.json" "石牌街道5号" "$(mem 林五 44010619750606006 head 1300.00)" 1000 \
	', "receiving": {"allowance": "1195.00", "since": "2024-03"}'
for i in 1 2 3 4 5; do
	eval "H$i=\$(as_wang household add --json \"\$T/h$i.json\")" \
		&& ok "household $i added" || fail "household $i not added"
done

export DOORSTEP_TODAY=2026-11-10
printf '{"date":"2026-11-10","staff":["wang","county"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-10"},"observations":"pension statement seen"}\n' \
	"$(id18 44010619750606006)" "$(id18 44010619750606006)" > "$T/v5.json"
run as_wang visit record "$H5" --json "$T/v5.json"
expect_rc 0 "wang visits household 5"
run as_wang review submit "$H5"
expect_rc 0 "wang submits household 5's withdrawal"
run as_county review approve "$H5"
expect_rc 0 "the county's supervisor approves it"
export DOORSTEP_TODAY=2026-11-27
run as_county household list --csv
grep "^\"$H5\"" "$T/out" | grep -q in_transition && ok "household 5 is in its withdrawal after the notice" \
	|| fail "household 5: $(grep "$H5" "$T/out") $(cat "$T/err")"
run as_county assess "$H5" --json --dry-run
flat
grep -q '"first": "2026-12", "last": "2027-05"' "$T/flat" \
	&& ok "household 5's schedule runs 2026-12 to 2027-05" || fail "household 5's schedule: $(head -c 400 "$T/out")"

# ---- the year 2027: JSON against a hand computation --------------------------------
run budget --year 2027 --json
expect_rc 0 "budget --year 2027 --json"
cp "$T/out" "$T/b2027.json"
python3 - "$T/b2027.json" <<'EOF' > "$T/py" 2>&1 && ok "the JSON's months equal the hand computation" || fail "hand computation: $(cat "$T/py")"
import json, sys
b = json.load(open(sys.argv[1]))
fen = lambda s: round(float(s) * 100)
def ceil_yuan(f): return -(-f // 100) * 100
def A(S, n, H): return ceil_yuan(S * n - H) if S * n > H else 0
# the standard: 1250.00 from 2026-07-01; 3.5% a year from each anniversary
S0 = 125000
S_jul = ceil_yuan(S0 * 1035 // 1000 + (1 if S0 * 1035 % 1000 else 0))
assert S_jul == 129400, S_jul            # 1293.75 up to 1294
S = [S0] * 6 + [S_jul] * 6
cases = [  # members, H, decided payment
    (2, 30000, 220000), (1, 33333, 91700), (1, 0, 100000)]
# household 5: linear from 1195 over 6 months, 2026-12 .. 2027-05
w = [ceil_yuan(-(-119500 * (6 - k + 1) // 6)) for k in range(1, 7)]
assert w == [119500, 99600, 79700, 59800, 39900, 20000], w
want = []
for i in range(12):
    t = sum(p + A(S[i], n, H) - A(S0, n, H) for n, H, p in cases)
    t += w[i + 1] if i + 1 < 6 else 0     # 2027-01 is month 2 of 6
    want.append(t)
got = [fen(m["amount"]) for m in b["months"]]
assert got == want, (got, want)
assert [m["households"] for m in b["months"]] == [4] * 5 + [3] * 7, b["months"]
assert [m["month"] for m in b["months"]] == ["2027-%02d" % i for i in range(1, 13)]
assert all(m["kind"] == "projected" for m in b["months"])
assert fen(b["total"]) == sum(want)
assert b["as_of"] == "2027-01-01" and b["policy"] == "test-budget-1"
assert b["cases"] == dict(households=5, receiving=4, in_transition=1, suspended=0), b["cases"]
print(want)
EOF
flat
grep -q '"code": "incomes_kept"' "$T/flat" && ok "the JSON lists its assumptions" || fail "assumptions: $(head -c 300 "$T/flat")"
python3 -c '
import json, sys
w = json.load(open(sys.argv[1]))["warnings"]
assert len(w) == 1, w
w = w[0]
assert (w["prefix"], w["monthly"], w["from"], w["month"], w["projected"]) == \
    ("4401", "1250.00", "2026-07-01", "2027-07", "1294.00"), w' "$T/b2027.json" \
	&& ok "one warning: the figure of 2026-07-01 still deciding cases a year later, in 2027-07" \
	|| fail "warnings: $(grep -o '"warnings.*' "$T/flat" | head -c 300)"

run budget --year 2027
expect_rc 0 "budget --year 2027 in text"
expect_joined "Households keep their incomes as last assessed" "the text says incomes are kept"
expect_joined "Withdrawals end as scheduled" "... that withdrawals end as scheduled"
expect_joined "\(4401\): 1250\.00 from 2026-07-01, \+3\.5% a year \([^)]*\): 1294\.00 from 2027-07-01" \
	"... and the standard with its rule and the projected figure from its anniversary"
expect_out "^2027-07 +3 +[0-9,.]+  projected" "the months' table"
cols "$T/out" > "$T/py" && ok "no line wider than 80 columns" || fail "a line wider than 80: $(cat "$T/py")"
bars=$(grep -c '^2027-[0-9][0-9] [█░]' "$T/out")
[ "$bars" -eq 12 ] && ok "a text bar per month, in blocks" || fail "text bars: $bars"
LANG=C TERM=vt100 run budget --year 2027
bars=$(grep -c '^2027-[0-9][0-9] =' "$T/out")
[ "$bars" -eq 12 ] && ok "with TERM=vt100 the bars are ASCII" || fail "ASCII bars: $bars; $(head -c 300 "$T/out")"
LC_ALL=C grep -q "$(printf '\342\226')" "$T/out" && fail "block characters on a vt100" || ok "... and no block character"

# ---- the what-if ---------------------------------------------------------------------
run budget --year 2027 --json --policy "$T/p2.json"
expect_rc 0 "budget --year 2027 --policy p2.json"
cp "$T/out" "$T/w2027.json"
# each household assessed on 2027-01-01 under each policy, by doorstep assess
cp -a "$T/county/store" "$T/proposed"
DOORSTEP_STORE="$T/proposed" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" policy import "$T/p2.json"
expect_rc 0 "a copy of the store takes the proposed policy"
for i in 1 2 3 4 5; do
	eval "h=\$H$i"
	as_county assess "$h" --json --dry-run --at 2027-01-01 > "$T/cur$i.json"
	DOORSTEP_STORE="$T/proposed" DOORSTEP_USER=county DOORSTEP_PASSPHRASE_FILE="$CP" "$D" assess "$h" --json --dry-run \
		--at 2027-01-01 > "$T/prop$i.json"
done
python3 - "$T" <<'EOF' > "$T/py" 2>&1 && ok "the what-if counts equal the assessments under each policy" || fail "what-if: $(cat "$T/py")"
import json, sys
t = sys.argv[1]
w = json.load(open(t + "/w2027.json"))["whatif"]
n = dict(enter=0, leave=0, up=0, down=0, same=0)
for i in range(1, 6):
    a = json.load(open("%s/cur%d.json" % (t, i)))
    b = json.load(open("%s/prop%d.json" % (t, i)))
    assert a["policy_version"] == "test-budget-1" and b["policy_version"] == "test-budget-2"
    pa, pb = float(a["payment"]), float(b["payment"])
    if not a["eligible"] and b["eligible"]: n["enter"] += 1
    elif a["eligible"] and not b["eligible"]: n["leave"] += 1
    elif a["eligible"] and pb > pa: n["up"] += 1
    elif a["eligible"] and pb < pa: n["down"] += 1
    elif a["eligible"]: n["same"] += 1
for k, v in n.items():
    assert w[k] == v, (k, w[k], v)
assert w["change"] == n["up"] + n["down"]
# what the test set out to have: 5 enters (its withdrawal ends at 1400),
# 3 leaves (savings above 3 months), 1, 2 and 4 go up
assert n == dict(enter=1, leave=1, up=3, down=0, same=0), n
assert w["households"] == 5 and w["policy"] == "test-budget-2"
print(n)
EOF
python3 - "$T/w2027.json" <<'EOF' > "$T/py" 2>&1 && ok "the what-if's months: the proposed policy by hand, the difference" || fail "what-if months: $(cat "$T/py")"
import json, sys
w = json.load(open(sys.argv[1]))["whatif"]
fen = lambda s: round(float(s) * 100)
def ceil_yuan(f): return -(-f // 100) * 100
def A(S, n, H): return ceil_yuan(S * n - H) if S * n > H else 0
S = [140000] * 6 + [144900] * 6          # 1400 × 1.035 = 1449.00
assert ceil_yuan(-(-140000 * 1035 // 1000)) == 144900
# under the proposed policy: 1, 2 and 4 by their assessment, 5 regular
# (1300 < 1400), 3 out
cases = [(2, 30000), (1, 33333), (1, 120000), (1, 130000)]
for i, m in enumerate(w["months"]):
    want = sum(A(S[i], n, H) for n, H in cases)
    assert fen(m["proposed"]) == want, (m, want)
    assert fen(m["difference"]) == fen(m["proposed"]) - fen(m["current"]), m
assert fen(w["difference"]) == sum(fen(m["difference"]) for m in w["months"])
EOF
run budget --year 2027 --policy "$T/p2.json"
expect_out "1 enter \(eligible under the proposed policy, not now\)" "the text says how many enter"
expect_out "1 leave" "... leave"
expect_out "3 change amount \(3 up, 0 down\)" "... and change"
cols "$T/out" > "$T/py" && ok "the what-if's text within 80 columns" || fail "a line wider than 80: $(cat "$T/py")"
LANG=zh_CN.UTF-8 run budget --year 2027 --policy "$T/p2.json" --lang zh_CN
expect_out "新增 1 户" "in Chinese: how many enter"
cols "$T/out" > "$T/py" && ok "... within 80 columns, Chinese counted as two" || fail "a line wider than 80: $(cat "$T/py")"

# ---- the SVG -----------------------------------------------------------------------------
run budget --year 2027 --svg "$T/chart.svg"
expect_rc 0 "budget --svg"
python3 - "$T/chart.svg" <<'EOF' > "$T/py" 2>&1 && ok "the SVG parses, with 12 bars, a title and axis labels in yuan" || fail "svg: $(cat "$T/py")"
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
r = ET.parse(sys.argv[1]).getroot()
assert r.tag == ns + "svg"
bars = [e for e in r.iter(ns + "rect") if "bar" in (e.get("class") or "").split()]
assert len(bars) == 12, len(bars)
assert all("projected" in b.get("class") for b in bars)
texts = [e.text or "" for e in r.iter(ns + "text")]
assert any("2027" in t for t in texts), texts
assert any("yuan" in t for t in texts), texts
hs = [float(b.get("height")) for b in bars]
assert hs[0] > hs[11] > 0, hs     # January pays a withdrawal month more
EOF
[ "$(stat -c %a "$T/chart.svg")" = 600 ] && ok "the SVG is written 0600" || fail "svg mode $(stat -c %a "$T/chart.svg")"

# ---- actual months, and the stale default figure ------------------------------------------
DOORSTEP_TODAY=2027-03-15 run budget --year 2027 --json
python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
k = [m["kind"] for m in b["months"]]
assert k == ["actual"] * 3 + ["projected"] * 9, k' "$T/out" && ok "in March 2027, January to March are actual" \
	|| fail "kinds: $(head -c 300 "$T/out")"
DOORSTEP_TODAY=2027-03-15 run budget --year 2027 --svg "$T/chart2.svg"
python3 -c '
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
c = [e.get("class") for e in ET.parse(sys.argv[1]).getroot().iter(ns + "rect") if "bar" in (e.get("class") or "")]
assert c == ["bar actual"] * 3 + ["bar projected"] * 9, c' "$T/chart2.svg" && ok "... and solid in the SVG" \
	|| fail "svg bars: $(grep -o 'class="bar[^"]*"' "$T/chart2.svg" | tr '\n' ' ')"

# a county on the default policy only: its 2023 figure deciding 2026 cases
run "$C" init --data "$T/c2" --passphrase-fd 3 3< "$CP"
hh "$T/d1.json" "石牌街道9号" "$(mem 黄九 44010619800909009 head "")" 0 \
	', "receiving": {"allowance": "1165.00", "since": "2025-01"}'
DOORSTEP_STORE="$T/c2/store" DOORSTEP_PASSPHRASE_FILE="$CP" run "$D" household add --json "$T/d1.json"
expect_rc 0 "a household in the default policy's county"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" budget --data "$T/c2" --year 2026
expect_rc 0 "budget 2026 under the default policy"
expect_joined "The standard for 广州 Guangzhou \(Guangdong class I\) \(4401\), 1165\.00 from 2023-01-01, still decides cases in 2026-01 \(region 440106\), but its own rule \(\+3\.5% a year\) would have raised it to 1293\.00" \
	"the stale 2023 figure is warned about, with its region and figures"
[ "$(grep -c 'The standard for' "$T/out")" -eq 1 ] && ok "... once" || fail "warned $(grep -c 'The standard for' "$T/out") times"
DOORSTEP_PASSPHRASE_FILE="$CP" run "$C" budget --data "$T/c2" --year 2026 --json
flat
grep -q '"code": "stale_standard", "region": "440106", "prefix": "4401"' "$T/flat" \
	&& ok "... and in the JSON's warnings" || fail "json warnings: $(grep -o '"warnings.*' "$T/flat" | head -c 300)"

# a proposed policy with no standard for Guangdong: one line naming the
# household, the policy and the region
python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
p["standards"] = [s for s in p["standards"] if not s["region"].startswith("44")]
json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)' "$T/p2.json" "$T/nogd.json"
run budget --year 2027 --policy "$T/nogd.json"
expect_rc 1 "a proposed policy without the households' standard"
expect_err "^doorstep-county: $H1: policy test-budget-2 has no standard for this household's region 440106 on 2027-01-01$" \
	"... one line naming the household, the policy and the region"

# a proposed policy that cannot be read: one line naming it
echo '{"format": "doorstep-policy-1"' > "$T/bad.json"
run budget --year 2027 --policy "$T/bad.json"
expect_rc 1 "a broken proposed policy"
[ "$(wc -l < "$T/err")" -eq 1 ] && grep -q "bad.json" "$T/err" && ok "... one line naming the file" \
	|| fail "stderr: $(cat "$T/err")"

finish
