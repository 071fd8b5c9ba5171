#!/bin/sh
# t_tui_ladder.sh — the facts at the door on the household screen (issue
# 19): a household with a disabled, ill member who cannot look after
# himself, one in prison, incomes by the year and by months, supporters
# able and not, and rigid spending is opened at 80×24 on a vt100, and its
# screen shows the same facts as `household show`, in English and Chinese.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

new_store tuil wang assistant
WANG="correct horse battery tuil"
export DOORSTEP_USER=wang
"$D" policy import "$TOP/tests/policy/sample.json" > /dev/null \
	|| fail "the sample policy (with a list of serious illnesses) is imported"
MOTHER=$(id18 44010619460315102)
SON=$(id18 44010619800101123)
PRISON=$(id18 44010619900505134)
cat > "$T/h.json" <<JSON
{"region": "440106", "address": "石牌街道华师社区15号",
 "members": [{"name": "陈桂兰", "id_number": "$MOTHER", "relation": "head", "able_to_work": false,
              "self_care": "partial",
              "incomes": [{"source": "pension", "annual": "6000"},
                          {"source": "agriculture", "months": {"2026-10": "300", "2026-06": "250.5"}}]},
             {"name": "陈大军", "id_number": "$SON", "relation": "child", "able_to_work": false,
              "disability": {"grade": 1, "type": "intellectual"}, "illness": "uremia", "self_care": "none",
              "incomes": []},
             {"name": "陈三军", "id_number": "$PRISON", "relation": "child", "able_to_work": true,
              "excluded": "prison", "incomes": [{"source": "wages", "monthly": "2000"}]}],
 "supporters": [{"name": "陈二军", "relation": "陈桂兰之子", "able": false, "reason": "本人一级肢体残疾"},
                {"name": "陈小红", "relation": "daughter", "able": true}],
 "rigid_expenses": [{"member": "$SON", "kind": "medical", "annual": "30000", "evidence": "透析票据"}],
 "assets": {"financial": "300", "vehicles": [], "homes": 1}}
JSON
run "$D" household add --json "$T/h.json"
expect_rc 0 "a household with every fact of the ladder"

start en 80 24 TERM=vt100
unlock en wang "$WANG"
see en "陈桂兰" "the caseload lists the household"
keys en Enter
see en "^Members" "the household screen opens at 80x24 on a vt100"
see en "^      Self-care: partly looks after themselves$" "the mother's self-care"
see en "^      employee pension: 6,000\\.00 a year$" "an income by the year, not 0.00 a month"
see en "^      farming, month by month:$" "an income by months"
see en "^        2026-06  250\\.50$" "... its months, in order"
see en "^        2026-10  300\\.00$" "... the last of them"
see en "^      Disability: grade 1, intellectual$" "the son's disability, its grade and type"
see en "^      Serious illness: uremia$" "his illness"
see en "^      Self-care: cannot look after themselves$" "his self-care"
see en "^      Left out of the household count: in prison$" "the one in prison, left out of the count"
shot en
screen_lacks "$SON" "no ID number in full"
keys en NPage
see en "^      wages: 2,000\\.00 a month$" "a declared income, a month"
see en "^  Obliged to support the household \\(2\\):$" "the supporters"
see en "^    1\\. 陈二军 +陈桂兰之子; not able to support them: 本人一级肢体残疾$" "one not able, and why"
see en "^    2\\. 陈小红 +daughter; able to support them$" "one able"
see en "^  Rigid spending over the last 12 months:$" "the rigid spending"
see en "^    陈大军 +medical, 30,000\\.00 \\(evidence: 透析票据\\)$" "... its member, kind, amount and evidence"
shot en
screen_lacks "~" "no line cut short"
keys en Q
exited en "Q quits"

# ---- in Chinese -----------------------------------------------------------------
start zh 80 24 TERM=vt100 LANGUAGE=zh_CN
see zh "^  wang 的口令：" "zh: the passphrase is asked for, in Chinese"
type_text zh "$WANG"
keys zh Enter
see zh "陈桂兰" "zh: the caseload"
keys zh Enter
see zh "^      生活自理能力：生活部分自理$" "zh: 生活自理能力"
see zh "^      职工养老金：每年 6,000\\.00$" "zh: by the year"
see zh "^      残疾等级：1级，智力残疾$" "zh: 残疾等级 and its type"
see zh "^      重特大疾病：uremia$" "zh: the illness"
see zh "^      生活自理能力：生活不能自理$" "zh: cannot look after himself"
see zh "^      不计入家庭人口：服刑$" "zh: left out of the count, and why"
keys zh NPage
see zh "^  赡养、抚养、扶养义务人（2 人）：$" "zh: the supporters"
see zh "陈二军 +陈桂兰之子；无赡养抚养扶养能力：本人一级肢体残疾$" "zh: not able, and why"
see zh "陈小红 +daughter；有赡养抚养扶养能力$" "zh: able"
see zh "^  近12个月刚性支出：$" "zh: the rigid spending"
see zh "^    陈大军 +医疗，30,000\\.00 元（凭证：透析票据）$" "zh: its kind, amount and evidence"
keys zh Q
exited zh "zh: Q quits"

# ---- the class on the caseload: c shows one class at a time, and the
# title counts the households of each class ------------------------------------------
cat > "$T/m.json" <<JSON
{"region": "440106", "address": "石牌街道华师社区16号",
 "members": [{"name": "张一", "id_number": "$(id18 44010619850101011)", "relation": "head", "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "2000"}]},
             {"name": "张二", "id_number": "$(id18 44010619860202012)", "relation": "spouse", "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "2000"}]}],
 "assets": {"financial": "300", "vehicles": [], "homes": 1}}
JSON
run "$D" household add --json "$T/m.json"
expect_rc 0 "a household at 2,000 a person in wages"
run "$D" assess --all
expect_rc 0 "assess --all"
start cl 80 24 TERM=vt100
unlock cl wang "$WANG"
see cl "张一" "the caseload lists both households"
keys cl c
see cl "0/2 destitute: 0 destitute 1 dibao 0 single 1 marginal 0 rigid" "c: destitute shown (none), the title counts each class"
keys cl c
see cl "1/2 dibao: " "c again: dibao, one household"
screen_has "陈桂兰" "... 陈桂兰's"
screen_lacks "张一" "... not the marginal family"
keys cl c c
see cl "1/2 marginal: " "c twice more: the marginal family"
screen_has "张一" "... 张一's"
screen_lacks "陈桂兰" "... not the dibao household"
shot cl
screen_lacks "~" "no line cut short"
keys cl c c c c
see cl "2/2 all:" "past the last class (none, not classified): all again"
keys cl Q
exited cl "Q quits"
start cz 80 24 TERM=vt100 LANGUAGE=zh_CN
see cz "^  wang 的口令：" "zh: the passphrase is asked for"
type_text cz "$WANG"
keys cz Enter
see cz "张一" "zh: the caseload"
keys cz c c c c
see cz "1/2 边缘：.*特困0 低保1 单人保0 边缘1 刚性0" "zh: the marginal family, the counts by class in Chinese"
keys cz Q
exited cz "zh: Q quits"

finish
