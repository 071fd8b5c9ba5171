#!/bin/sh
# t_ladder_classes.sh — the class of the ladder in the lists (issue 19):
# six households, five assessed into destitute, dibao, 单人保, marginal (one
# member in prison, not counted) and none, one never assessed; household
# list gives each one's class in --json and --csv, and the households and
# people in each class under the table, and alone with --counts (text in
# English and Chinese, JSON, CSV); a store rebuild changes none of it; a
# class row altered in the file is refused (exit 4); and the county, after
# the laptop's bundle, counts the same in `doorstep-county status`.
. "$(dirname "$0")/lib.sh"
CP=$(passfile pass-county "the county keeps this one safe")
. "$(dirname "$0")/county_lib.sh"
P="$TOOLS/sqlpoke"
export DOORSTEP_TODAY=2026-11-27

county() { _c=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$_c" --data "$T/county" "$@"; }
run county init
expect_rc 0 "the county"
new_store s
"$D" device-key --out "$T/wang.key" > /dev/null 2>&1
run county enroll --device-key "$T/wang.key" --user wang --role assistant --area 440106
expect_rc 0 "wang's laptop enrolled"
run "$D" enroll --county-key "$T/county/county.pub"
expect_rc 0 "wang takes the county's key"

# mem NAME BORN_ID RELATION ABLE INCOMES [EXTRA]: a member as JSON
mem() { printf '{"name":"%s","id_number":"%s","relation":"%s","able_to_work":%s,"incomes":[%s]%s}' \
	"$1" "$2" "$3" "$4" "$5" "${6:-}"; }
hh() { printf '{"region":"440106","address":"石牌街道%s号","members":[%s],"assets":{"financial":"1000","vehicles":[],"homes":1}}\n' "$1" "$2"; }
add() { printf '%s\n' "$1" > "$T/h.json"; "$D" household add --json "$T/h.json"; }
# the standard of 440106 on the day: 1165.00 a person
H1=$(add "$(hh 1 "$(mem 王老汉 "$(id18 44010619460315101)" head false "")")")
H2=$(add "$(hh 2 "$(mem 李强 "$(id18 44010619800101102)" head true '{"source":"wages","monthly":"800"}'),$(mem 李芳 "$(id18 44010619820202103)" spouse true "")")")
H3=$(add "$(hh 3 "$(mem 张华 "$(id18 44010619800303104)" head false '{"source":"pension","monthly":"2796"}'),$(mem 张军 "$(id18 44010619850404105)" child false "" ',"disability":{"grade":1,"type":"physical"}')")")
H4=$(add "$(hh 4 "$(mem 赵梅 "$(id18 44010619700505106)" head false '{"source":"pension","monthly":"3000"}'),$(mem 赵林 "$(id18 44010619720606107)" spouse false ""),$(mem 赵刚 "$(id18 44010619950707108)" child true "" ',"excluded":"prison"')")")
H5=$(add "$(hh 5 "$(mem 陈富 "$(id18 44010619800808109)" head true '{"source":"wages","monthly":"20000"}')")")
H6=$(add "$(hh 6 "$(mem 周一 "$(id18 44010619800909110)" head true '{"source":"wages","monthly":"500"}'),$(mem 周二 "$(id18 44010619811010111)" spouse true "")")")
n=0
for h in "$H1" "$H2" "$H3" "$H4" "$H5" "$H6"; do [ -n "$h" ] && n=$((n + 1)); done
[ $n -eq 6 ] && ok "six households added" || fail "only $n households added"
for h in "$H1" "$H2" "$H3" "$H4" "$H5"; do
	"$D" assess "$h" > /dev/null 2> "$T/assess.err" || fail "assess $h: $(cat "$T/assess.err")"
done

# ---- household list --json and --csv -----------------------------------------------
# class_in FILE ID: the class household ID has in a list --json
class_in() { tr '\n' ' ' < "$1" | sed 's/},/}\n/g' | grep "\"id\":\"$2\"" | sed -n 's/.*"class":\([^,}]*\).*/\1/p'; }
run "$D" household list --json
expect_rc 0 "household list --json"
cp "$T/out" "$T/list.json"
for want in "$H1 \"destitute\"" "$H2 \"dibao\"" "$H3 \"dibao_single\"" "$H4 \"marginal\"" "$H5 \"none\"" "$H6 null"; do
	id=${want%% *} c=${want#* }
	got=$(class_in "$T/list.json" "$id")
	[ "$got" = "$c" ] && ok "list --json: $id is $c" || fail "list --json: $id is '$got', wanted $c"
done
run "$D" household list --csv
expect_rc 0 "household list --csv"
[ "$(head -n 1 "$T/out")" = "id,status,head,members,region,address,allowance,due,class" ] \
	&& ok "the CSV ends with the column class" || fail "the CSV header: $(head -n 1 "$T/out")"
grep -q "^\"$H3\",.*,\"dibao_single\"$" "$T/out" && ok "the CSV gives 单人保 as dibao_single" \
	|| fail "the CSV row of $H3: $(grep "$H3" "$T/out")"
grep -q "^\"$H6\",.*,\"\"$" "$T/out" && ok "the CSV leaves the class empty when not classified" \
	|| fail "the CSV row of $H6: $(grep "$H6" "$T/out")"

id18 44010619850404105 > "$T/num"
run "$D" household find --json < "$T/num"
expect_rc 0 "household find --json"
expect_out "\"id\":\"$H3\".*\"class\":\"dibao_single\"" "find --json gives the class too"

# ---- the counts -------------------------------------------------------------------
run "$D" household list
expect_rc 0 "household list"
expect_out "^6 households$" "the table's count"
expect_out "^By class of the latest assessment:$" "then the counts by class"
expect_out "^  destitute \(特困人员\): households 1, people 1$" "destitute: 1 household, 1 person"
expect_out "^  dibao \(低保\): households 1, people 2$" "dibao: 1 household, 2 people"
expect_out "^  dibao for one member alone \(单人保\): households 1, people 2, covered alone 1$" "单人保: the household's 2, 1 covered alone"
expect_out "^  marginal family \(低保边缘家庭\): households 1, people 2$" "marginal: 2 people, the one in prison not counted"
expect_out "^  rigid-expenditure hardship family \(刚性支出困难家庭\): households 0, people 0$" "an empty class is listed too"
expect_out "^  none of the ladder: households 1, people 1$" "none: 1"
expect_out "^  not classified: households 1, people 2$" "not classified: the household never assessed, all its members"
run "$D" household list --counts
expect_rc 0 "household list --counts"
expect_out "^Households: 6, people: 10$" "--counts: the totals first"
grep -q "^[0-9a-z]\{12\} " "$T/out" && fail "--counts lists households too" || ok "--counts lists no household"
run "$D" household list --counts --lang zh_CN
expect_rc 0 "household list --counts in Chinese"
expect_out "^共 6 户，10 人$" "the totals in Chinese"
expect_out "^按最近一次评估的救助类别：$" "the heading in Chinese"
expect_out "^  特困人员：1 户，1 人$" "特困人员"
expect_out "^  单人保：1 户，2 人，其中单独纳入保障 1 人$" "单人保"
expect_out "^  低保边缘家庭：1 户，2 人$" "低保边缘家庭"
expect_out "^  无：1 户，1 人$" "无"
expect_out "^  未分类：1 户，2 人$" "未分类"
run "$D" household list --counts --json
expect_rc 0 "household list --counts --json"
cp "$T/out" "$T/counts.json"
expect_out '^\{"households":6,"people":10,"classes":\[\{"class":"destitute","households":1,"people":1,"covered_alone":0\},\{"class":"dibao","households":1,"people":2,"covered_alone":0\},\{"class":"dibao_single","households":1,"people":2,"covered_alone":1\},\{"class":"marginal","households":1,"people":2,"covered_alone":0\},\{"class":"rigid_hardship","households":0,"people":0,"covered_alone":0\},\{"class":"none","households":1,"people":1,"covered_alone":0\},\{"class":null,"households":1,"people":2,"covered_alone":0\}\]\}$' \
	"--counts --json: one object, every class in the ladder's order, not classified last"
run "$D" household list --counts --csv
expect_rc 0 "household list --counts --csv"
printf 'class,households,people,covered_alone\ndestitute,1,1,0\ndibao,1,2,0\ndibao_single,1,2,1\nmarginal,1,2,0\nrigid_hardship,0,0,0\nnone,1,1,0\n,1,2,0\n' > "$T/want.csv"
cmp -s "$T/want.csv" "$T/out" && ok "--counts --csv: a row a class" || fail "--counts --csv: $(cat "$T/out" | tr '\n' ' ')"

# ---- assessed again: the latest assessment's class ------------------------------------
run "$D" assess "$H6"
expect_rc 0 "the household never assessed is assessed"
run "$D" household list --counts --json
expect_out '\{"class":null,"households":0,"people":0,"covered_alone":0\}' "... and none is left not classified"
expect_out '\{"class":"dibao","households":2,"people":4,"covered_alone":0\}' "... it is dibao now, with its 2 people"
"$D" household list --counts --json > "$T/counts.json"
"$D" household list --json > "$T/list.json"

# ---- a rebuild changes nothing; a row altered without the key is refused ----------------
run "$D" store rebuild
expect_rc 0 "store rebuild"
"$D" household list --json > "$T/list2.json"
"$D" household list --counts --json > "$T/counts2.json"
cmp -s "$T/list.json" "$T/list2.json" && cmp -s "$T/counts.json" "$T/counts2.json" \
	&& ok "after a rebuild the list and the counts are the same" \
	|| fail "the rebuild changed them: $(diff "$T/counts.json" "$T/counts2.json" | head -3 | tr '\n' ' ')"
run "$D" audit verify
expect_rc 0 "audit verify"
cp -a "$DOORSTEP_STORE" "$T/pristine"
"$P" "$DOORSTEP_STORE/store.db" exec "update household_class set class = 'destitute' where household = '$H5'"
run "$D" household list --counts --json
expect_rc 4 "a class altered in the file: --counts refuses (exit 4)"
expect_err "household_class" "... naming the table"
run "$D" household list --json
expect_rc 4 "... and list --json"
run "$D" store rebuild
expect_rc 0 "store rebuild mends it"
"$D" household list --counts --json > "$T/counts3.json"
cmp -s "$T/counts.json" "$T/counts3.json" && ok "... the counts as they were" || fail "after the mend: $(cat "$T/counts3.json")"
rm -rf "$DOORSTEP_STORE"; cp -a "$T/pristine" "$DOORSTEP_STORE"

# ---- the county counts the same ---------------------------------------------------------
mkdir -p "$T/stick"
run "$D" sync export --to "$T/stick"
expect_rc 0 "wang exports"
run county import "$T/stick"
expect_rc 0 "the county imports the bundle"
run county status --json
expect_rc 0 "county status --json"
tr -d ' \n' < "$T/out" > "$T/cstatus.json"
sed 's/^{"households":6,"people":10,"classes":\(\[.*\]\)}$/\1/' "$T/counts.json" > "$T/want-classes"
grep -q '"households":6,"people":10,"classes":' "$T/cstatus.json" && ok "county status: 6 households, 10 people" \
	|| fail "county status totals: $(head -c 300 "$T/cstatus.json")"
grep -qF "$(cat "$T/want-classes")" "$T/cstatus.json" && ok "county status: each class as the laptop counts it" \
	|| fail "county status classes: $(head -c 600 "$T/cstatus.json")"
run county status
expect_rc 0 "county status"
expect_out "^Households: 6, people: 10$" "county status: the totals"
expect_out "^  dibao \(低保\): households 2, people 4$" "county status: a line a class"
expect_out "^  dibao for one member alone \(单人保\): households 1, people 2, covered alone 1$" "county status: 单人保 and who is covered alone"
run county status --lang zh_CN
expect_out "^  特困人员：1 户，1 人$" "county status in Chinese"
"$P" "$T/county/store/store.db" exec "update household_class set members = 9 where household = '$H1'"
run county status
expect_rc 4 "a class row altered at the county: status refuses (exit 4)"
finish
