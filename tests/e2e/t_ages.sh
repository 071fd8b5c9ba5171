#!/bin/sh
# Elderly and minor from the ID number: a member born in 1950 with no mark
# gets the elderly top-up, with a step saying why; one born in 1996 marked
# elderly is refused (add, import, visit) in one line naming the member,
# with exit 1 and nothing written; the assessment derives the categories on
# its own date, so a 60th birthday between entry and assessment counts.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

new_store s
"$D" policy import "$TOP/tests/policy/sample.json" > /dev/null \
	&& ok "the sample policy (an elderly top-up of 142 in 4401)" \
	|| fail "policy import of the sample"

OLD=$(id18 44010619500501101)    # born 1950-05-01: 76 on 2026-11-27
YOUNG=$(id18 44010619960301102)  # born 1996-03-01: 30
ADULT=$(id18 44010619800101103)  # born 1980-01-01
TURNS=$(id18 44010619661127104)  # 60 on 2026-11-27 (DOORSTEP_TODAY)
KID=$(id18 44010620081127105)    # 18 on 2026-11-27

# mem NAME ID RELATION CATEGORIES
mem() { printf '{"name":"%s","id_number":"%s","relation":"%s","categories":%s,"able_to_work":false,"incomes":[]}' "$1" "$2" "$3" "$4"; }
hh() {
	m=$1; shift
	for x in "$@"; do m="$m,$x"; done
	printf '{"region":"440106","address":"%s","members":[%s],"assets":{"financial":"0","vehicles":[],"homes":1}%s}\n' "${ADDR:-石牌街道1号}" "$m" "${SUPP:+,\"supporters\":[$SUPP]}"
}
# a son outside the household able to support him: at 60 and alone with no
# income he is otherwise destitute (特困), which pays no top-ups
ABLE_SON='{"name":"周强","relation":"周大爷之子","able":true}'

# ---- born in 1950, nothing declared: the elderly top-up ------------------------------
hh "$(mem 赵老汉 "$OLD" head '[]')" "$(mem 赵小 "$ADULT" child '[]')" > "$T/old.json"
run "$D" household add --json "$T/old.json"
expect_rc 0 "a household with a member born in 1950 and no category"
H1=$(tail -n 1 "$T/out")
run "$D" assess "$H1" --json --dry-run
expect_rc 0 "assess it"
tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/flat"
grep -q '"topups": "142\.00"' "$T/flat" && ok "the elderly top-up of 142.00" \
	|| fail "no elderly top-up: $(head -c 400 "$T/flat")"
grep -q '"code": "aged_elderly"' "$T/flat" && ok "a step: elderly from the ID number" \
	|| fail "no aged_elderly step"
grep -q '"born": "1950-05-01"' "$T/flat" && ok "the step gives the birth date" \
	|| fail "no birth date in the step"
run "$D" assess "$H1" --explain --dry-run
expect_out '赵老汉 is aged 60 or over on 2026-11-27 \(born 1950-05-01, from the ID number\): elderly\.' \
	"the derivation says aged 60 or over on the date, born 1950-05-01, from the ID number"
expect_out '赵老汉 \(elderly\): a top-up of 142\.00' "and the top-up"
run env LANG=zh_CN.UTF-8 "$D" assess "$H1" --explain --dry-run
expect_out '赵老汉 到 2026-11-27 已满 60 周岁（生于 1950-05-01，据身份证号码）：属老年人。' \
	"the same step in Chinese"
run "$D" household show "$H1"
expect_out '赵老汉 .*elderly' "show lists the member as elderly, from the ID number"

# ---- born in 1996, marked elderly: refused, nothing written ---------------------------
BEFORE=$(tree_sum "$DOORSTEP_STORE")
WANT='doorstep: members[1].categories: 钱小姐 was born 1996-03-01 and is not 60 or over on 2026-11-27; elderly comes from the ID number'
ADDR=石牌街道2号 hh "$(mem 钱先生 "$(id18 44010619800101113)" head '[]')" "$(mem 钱小姐 "$YOUNG" child '["elderly"]')" > "$T/young2.json"
run "$D" household add --json "$T/young2.json"
expect_rc 1 "household add: born 1996 and marked elderly"
[ "$(cat "$T/err")" = "$WANT" ] && ok "one line naming the member, her birth date and the date" \
	|| fail "the message: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "something on stdout: $(cat "$T/out")"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$BEFORE" ] && ok "add: the store is unchanged" \
	|| fail "add: the store changed"
run env LANG=zh_CN.UTF-8 "$D" household add --json "$T/young2.json"
expect_rc 1 "the same in Chinese"
expect_err '钱小姐 生于 1996-03-01，到 2026-11-27 未满 60 周岁；是否老年人以身份证号码为准' \
	"the message in Chinese"

# import: the bad line refuses the file
{ ADDR=石牌街道3号 hh "$(mem 孙一 "$(id18 44010619800101123)" head '[]')"; cat "$T/young2.json"; } > "$T/imp.jsonl"
run "$D" household import --jsonl "$T/imp.jsonl"
expect_rc 1 "household import with the 1996-born member marked elderly on line 2"
expect_err 'imp\.jsonl:2: members\[1\]\.categories: 钱小姐 was born 1996-03-01' \
	"the message names the line, the field and the member"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$BEFORE" ] && ok "import: the store is unchanged" \
	|| fail "import: the store changed"

# a minor declared on the 18th birthday
ADDR=石牌街道4号 hh "$(mem 李母 "$(id18 44010619800101133)" head '[]')" "$(mem 李女 "$KID" child '["minor","student"]')" > "$T/kid.json"
run "$D" household add --json "$T/kid.json"
expect_rc 1 "household add: a minor declared on her 18th birthday"
expect_err '^doorstep: members\[1\]\.categories: 李女 was born 2008-11-27 and is not under 18 on 2026-11-27; minor comes from the ID number$' \
	"the message says she is not under 18"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$BEFORE" ] && ok "the store is unchanged" \
	|| fail "the store changed"

# a visit that marks the head elderly
cat > "$T/visit.json" <<EOF
{"date":"2026-11-20","staff":["wang","li"],"present":["$OLD"],
 "consent":{"signed_by":"$OLD","at":"2026-11-20"},
 "observations":"none","housing":"one room","assets_sighted":"none",
 "utilities_seen":"none","bank_statements_seen":"none","changes":[],
 "members":[$(mem 赵老汉 "$OLD" head '[]'),$(mem 赵小 "$ADULT" child '["elderly"]')]}
EOF
run "$D" visit record "$H1" --json "$T/visit.json"
expect_rc 1 "a visit marking a member born 1980 elderly"
expect_err 'members\[1\]\.categories: 赵小 was born 1980-01-01 and is not 60 or over on 2026-11-27' \
	"the visit's message names the member"
[ "$(tree_sum "$DOORSTEP_STORE")" = "$BEFORE" ] && ok "visit: the store is unchanged" \
	|| fail "visit: the store changed"

# ---- 60 between entry and assessment: the assessment's own date -----------------------
# Entered the day before the 60th birthday, declared nothing; assessed the
# day before (no top-up) and on the birthday (the top-up).
ADDR=石牌街道5号 SUPP=$ABLE_SON hh "$(mem 周大爷 "$TURNS" head '[]')" > "$T/turns.json"
run env DOORSTEP_TODAY=2026-11-26 "$D" household add --json "$T/turns.json"
expect_rc 0 "entered on 2026-11-26, the day before the 60th birthday"
H2=$(tail -n 1 "$T/out")
run env DOORSTEP_TODAY=2026-11-26 "$D" assess "$H2" --json --dry-run
tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/flat"
grep -q '"topups": "0\.00"' "$T/flat" && ok "assessed on 2026-11-26: no top-up" \
	|| fail "a top-up the day before: $(head -c 300 "$T/flat")"
run "$D" assess "$H2" --json --dry-run
tr -d '\n' < "$T/out" | sed 's/  */ /g' > "$T/flat"
grep -q '"topups": "142\.00"' "$T/flat" && ok "assessed on 2026-11-27, the birthday: the elderly top-up" \
	|| fail "no top-up on the birthday: $(head -c 300 "$T/flat")"
# declaring it on the day before is a contradiction; on the day, not
ADDR=石牌街道6号 hh "$(mem 吴大爷 "$(id18 44010619661127114)" head '["elderly"]')" > "$T/turns2.json"
run env DOORSTEP_TODAY=2026-11-26 "$D" household add --json "$T/turns2.json"
expect_rc 1 "declared elderly the day before the 60th birthday"
run "$D" household add --json "$T/turns2.json"
expect_rc 0 "declared elderly on the 60th birthday"

finish
