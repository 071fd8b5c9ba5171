#!/bin/sh
# t_county_report.sh — the county's reports (doorstep-county report):
# a county with a township laptop shared by wang (assistant), li
# (supervisor) and zhao (appeal reviewer), and zhang's laptop (assistant),
# carried by USB stick. Households in every status; a withdrawal whose
# last month ends within 30 days; one that ended with its referral to
# employment assistance outstanding; an appeal overdue, one waiting for
# its reviewer, a case waiting for review; a bundle kept aside. Each
# report's JSON figures are checked against what the test did, its CSV
# reads back with Python's csv module (headers in Chinese with --lang
# zh_CN), the text fits 80 columns, and a bad --days is wrong use.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
WP=$(passfile pass-wang "wang keeps his own passphrase")
LP=$(passfile pass-li "li supervises the township")
RP=$(passfile pass-zhao "zhao reviews appeals here")
ZP=$(passfile pass-zhang "zhang keeps her own passphrase")
. "$(dirname "$0")/county_lib.sh"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
as_wang() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WP" "$D" "$@"; }
as_li() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LP" "$D" "$@"; }
as_zhao() { DOORSTEP_STORE="$T/town" DOORSTEP_USER=zhao DOORSTEP_PASSPHRASE_FILE="$RP" "$D" "$@"; }
as_zhang() { DOORSTEP_STORE="$T/zhang" DOORSTEP_PASSPHRASE_FILE="$ZP" "$D" "$@"; }
settle() { as_wang household list > /dev/null 2>&1; }
# step WHAT CMD...: a step of the setup that must succeed
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
# py EXPR: a Python expression about the JSON in $T/out, printed
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$T/out"; }
# expect_py EXPR WANT DESCRIPTION
expect_py() {
	got=$(py "$1" 2>&1)
	[ "$got" = "$2" ] && ok "$3" || fail "$3: got '$got', wanted '$2'"
}

# ---- the county and its laptops ----------------------------------------------------
run county init
expect_rc 0 "the county"
DOORSTEP_PASSPHRASE_FILE="$WP" step "town laptop" "$D" init --store "$T/town" --user wang --role assistant --region 440106
DOORSTEP_NEW_PASSPHRASE_FILE="$LP" step "li" as_wang user add li --role supervisor
DOORSTEP_NEW_PASSPHRASE_FILE="$RP" step "zhao" as_wang user add zhao --role reviewer
DOORSTEP_PASSPHRASE_FILE="$ZP" step "zhang's laptop" "$D" init --store "$T/zhang" --user zhang --role assistant --region 440106
step "town key" as_wang device-key --out "$T/town.key"
step "zhang key" as_zhang device-key --out "$T/zhang.key"
step "wang enrolled" county enroll --device-key "$T/town.key" --user wang --role assistant --area 440106
step "li enrolled" county enroll --device-key "$T/town.key" --user li --role supervisor --area 440106
step "zhao enrolled" county enroll --device-key "$T/town.key" --user zhao --role reviewer --area 440106
step "zhang enrolled" county enroll --device-key "$T/zhang.key" --user zhang --role assistant --area 440106
step "town enrols" as_wang enroll --county-key "$T/county/county.pub"
step "zhang enrols" as_zhang enroll --county-key "$T/county/county.pub"

# ---- households and their cases, month by month ------------------------------------------
member() { # NAME ID17 WAGES
	inc="[]"
	[ "$3" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$3\"}]"
	printf '{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":%s}' \
		"$1" "$(id18 "$2")" "$inc"
}
household() { # FILE NAME ID17 WAGES [RECEIVING-ALLOWANCE]
	rec=""
	[ -n "${5:-}" ] && rec=",\"receiving\":{\"allowance\":\"$5\",\"since\":\"2025-06\"}"
	printf '{"region":"440106","address":"石牌街道%s号","members":[%s],"assets":{"financial":"500","vehicles":[],"homes":1}%s}\n' \
		"$1" "$(member "$2" "$3" "$4")" "$rec" > "$T/$1.json"
}
visit() { # FILE NAME ID17 DATE WAGES
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen","members":[%s]}\n' \
		"$4" "$(id18 "$3")" "$(id18 "$3")" "$4" "$(member "$2" "$3" "$5")" > "$T/$1.json"
}
add() { as "$@" | tail -n 1 | awk '{print $NF}'; }

export DOORSTEP_TODAY=2026-01-05
household h1 王一 44010619700101001 0 1165   # receiving; withdraws June to November
household h2 王二 44010619700101002 3000     # refused in August, appealed: overdue
household h3 王三 44010619700101003 2500     # refused in November, appealed: with zhao
household h4 王四 44010619700101004 0 980    # receiving throughout
household h7 王七 44010619700101007 0 1165   # withdrew February to July: referral due
for n in 1 2 3 4 7; do
	step "wang adds h$n" as_wang household add --json "$T/h$n.json"
	eval "H$n=\$(awk '{print \$NF}' \"\$T/out\" | tail -n 1)"
done
echo "# households: $H1 $H2 $H3 $H4 $H7"

export DOORSTEP_TODAY=2026-01-10
visit v7 王七 44010619700101007 2026-01-10 1400
step "visit h7" as_wang visit record "$H7" --json "$T/v7.json"
step "submit h7" as_wang review submit "$H7"
step "approve h7" as_li review approve "$H7"
export DOORSTEP_TODAY=2026-01-18
settle

export DOORSTEP_TODAY=2026-05-10
visit v1 王一 44010619700101001 2026-05-10 1400
step "visit h1" as_wang visit record "$H1" --json "$T/v1.json"
step "submit h1" as_wang review submit "$H1"
step "approve h1" as_li review approve "$H1"
export DOORSTEP_TODAY=2026-05-18
settle

export DOORSTEP_TODAY=2026-08-01
settle
visit v2 王二 44010619700101002 2026-08-01 3000
step "visit h2" as_wang visit record "$H2" --json "$T/v2.json"
step "submit h2" as_wang review submit "$H2"
step "refuse h2" as_li review refuse "$H2" --reason "income above the standard"
export DOORSTEP_TODAY=2026-08-05
step "appeal h2" as_wang appeal file "$H2" --reason "the wages stopped" --received 2026-08-05

export DOORSTEP_TODAY=2026-11-10
visit v3 王三 44010619700101003 2026-11-10 2500
step "visit h3" as_wang visit record "$H3" --json "$T/v3.json"
step "submit h3" as_wang review submit "$H3"
step "refuse h3" as_li review refuse "$H3" --reason "income above the standard"
export DOORSTEP_TODAY=2026-11-20
step "appeal h3" as_wang appeal file "$H3" --reason "we disagree" --received 2026-11-20
step "assign h3" as_li appeal assign "$H3" --to zhao

export DOORSTEP_TODAY=2026-11-25
household h5 张五 44010619700101005 0
household h6 张六 44010619700101006 0
step "zhang adds h5" as_zhang household add --json "$T/h5.json"
H5=$(awk '{print $NF}' "$T/out" | tail -n 1)
step "zhang adds h6" as_zhang household add --json "$T/h6.json"
H6=$(awk '{print $NF}' "$T/out" | tail -n 1)
printf '{"date":"2026-11-25","staff":["zhang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"seen"}\n' \
	"$(id18 44010619700101005)" "$(id18 44010619700101005)" > "$T/v5.json"
step "visit h5" as_zhang visit record "$H5" --json "$T/v5.json"
step "submit h5" as_zhang review submit "$H5"

export DOORSTEP_TODAY=2026-11-27
settle

# ---- to the county by USB stick; one bundle spoiled on the way ------------------------
mkdir -p "$T/stick" "$T/bad"
step "town exports" as_wang sync export --to "$T/stick"
step "county imports the town's bundle" county import "$T/stick"
step "county writes the town's bundle" county export --for "$T/town.key" "$T/stick"
step "the town takes it" as_wang sync import "$T/stick"
rm -f "$T/stick"/*
step "zhang exports" as_zhang sync export --to "$T/stick"
B=$(ls "$T/stick"/up-*.dsb)
cp "$B" "$T/bad/$(basename "$B")"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[-40]^=0xff; open(sys.argv[1],'wb').write(b)" "$T/bad/$(basename "$B")"
run county import "$T/bad"
expect_rc 4 "a bundle of zhang's with a byte flipped is turned away (kept aside)"
step "the whole bundle goes in" county import "$T/stick"
step "reassign h6" county reassign --household "$H6" --to wang
for r in caseload ending waiting laptops; do
	county report $r; county report $r --json; county report $r --csv
done
finish
