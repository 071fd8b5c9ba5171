#!/bin/sh
# t_tui_relief.sh — temporary assistance (临时救助, issue 20) in the
# interface, in Chinese at 80×24 under TERM=vt100: the assistant files a
# relief case from the household's page (the cause chosen from the list,
# the need, the amount, urgent or not; a wrong amount refused in one line,
# the question kept open), the case's page shows its deadline and its
# derivation once the assistant proposes the amount (one above every limit
# asked again as typed, the reason kept); the assistant cannot
# approve it (said in one line, nothing asked); a supervisor logging in
# finds it in the relief queue with its deadline and approves it; the
# deadline is in the due list while the case is open, and gone once it is
# decided.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

export DOORSTEP_TODAY=2026-12-04 # a Friday
new_store relief wang assistant
export DOORSTEP_USER=wang
WANG="correct horse battery relief"
LIPASS="li supervises the township"
LIF=$(passfile pass-li "$LIPASS")
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" "$D" user add li --role supervisor > /dev/null || fail "user add li"

# a household receiving dibao: on the ladder, five working days
cat > "$T/dibao.json" <<EOF
{"region": "440106", "address": "石牌街道华师社区12号",
 "members": [{"name": "王秀英", "id_number": "$(id18 44010619500312002)", "relation": "head", "categories": ["elderly"], "able_to_work": false, "incomes": []},
             {"name": "李建国", "id_number": "$(id18 44010619520601001)", "relation": "spouse", "categories": ["elderly"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "3000.00", "vehicles": [], "homes": 1},
 "receiving": {"allowance": "1195.00", "since": "2024-03"}}
EOF
H=$("$D" household add --json "$T/dibao.json") || fail "household add"

# a session that stays: the tmux server does not go away between the
# assistant's session and the supervisor's (a new session racing the
# server's exit)
tm new-session -d -s keep "sleep 900"

# ---- the assistant files and proposes ---------------------------------------------
start a 80 24 TERM=vt100 DOORSTEP_USER=wang LANGUAGE=zh_CN
see a "^  wang 的口令：" "zh: the passphrase is asked for, in Chinese"
type_text a "$WANG"
keys a Enter
see a "E 救助" "the caseload's hint line names E, the relief queue"
keys a ?
wait_for a "^帮助" 5
keys a End
see a "^  E +临时救助队列：按期限排列" "... and its help"
keys a q
wait_gone a "^  E +临时救助队列" 5
keys a Enter
see a "^家庭 王秀英 — $H" "the household's page opens"
screen_has "E 救助" "... its hint line names E, a relief case"
keys a E
see a "临时救助：受理救助申请" "E: filing a relief case"
screen_has "^    3  火灾或自然灾害" "... the causes listed by number"
screen_has "救助原因（填编号）：" "... the cause asked for"
type_text a 9
keys a Enter
see a "请输入 1 到 5 的编号" "a cause not in the list is refused in one line"
keys a BSpace
type_text a 3
keys a Enter
see a "家庭需要什么：" "the need asked for"
screen_has "原因：火灾或自然灾害" "... the cause chosen shown"
type_text a "房屋失火，两间屋烧毁"
keys a Enter
see a "申请金额（元）：" "the amount asked for"
type_text a "一万"
keys a Enter
see a "申请金额（元）：一万" "an amount that is not money: the question stays open with what was typed"
shot a
grep -q "金额" "$T/screen" && ok "... the refusal names the amount" || fail "no refusal: $(dump)"
keys a C-u
type_text a 3000
keys a Enter
see a "紧急，需先行救助？（y/n）：" "urgent or not asked for"
keys a Enter
see a "临时救助案件已受理；须在 2026-12-11 前决定（按工作日计算）" "filed: to be decided in five working days, the next Friday"
screen_has "^临时救助案件 [0-9a-z]{12} — 王秀英" "... its page opens"
screen_has "2026-12-04 受理；须在 2026-12-11 前决定" "... with its deadline"
screen_has "需要：房屋失火，两间屋烧毁" "... and its need"
R=$(sed -n 's/^临时救助案件 \([0-9a-z]\{12\}\) — .*/\1/p' "$T/screen" | head -n 1)
screen_has "P 提议" "the hint line names its steps: P propose"
screen_has "A 批准" "... A approve"

keys a A
see a "^批准: 以协理员的身份不能对临时救助案件做这一步；需要：审核人" "the assistant cannot approve: said in one line"
screen_lacks "批准 .* 元？" "... and nothing is asked"
keys a P
see a "拟救助金额（元）：3000.00" "P: the amount asked, offered"
keys a C-u
type_text a 99999
keys a Enter
see a "为何是此金额（调查情况）？" "... then why"
type_text a "两间屋烧毁，需添置被褥炊具"
keys a Enter
see a "拟救助金额（元）：99999.00" "an amount above every limit: the amount asked again, as typed"
screen_has "13980.00" "... the county's limit named beside it"
keys a C-u
type_text a 3000
keys a Enter
see a "已提出金额，待另一人决定" "proposed: for a second person to decide"
screen_has "参考标准：1.00 × S，每人，共 2 人 = 2330.00 元" "... the derivation in words"
keys a q
keys a q
keys a g
see a "临时救助待决定" "the due list shows the relief deadline"
screen_has "2026-12-11 临时救助待决定" "... with its date"
keys a End
see_selected a 24 "2026-12-11 临时救助待决定" "... the cursor on it"
keys a Enter
see a "^临时救助案件 $R — 王秀英" "Enter on it opens the relief case"
keys a ?
see a "调查后提出拟救助金额（询问金额和理由）" "its help lists its steps: P ..."
screen_has "^  F +先行救助：紧急情况立即发放" "... F pay first"
keys a q
keys a q
keys a Q
exited a "Q quits"

run "$D" relief show "$R" --json
st=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['state'], j['filed_by'], j['proposed_by'], j['deadline'])" "$T/out")
[ "$st" = "proposed wang wang 2026-12-11" ] && ok "the case as the store keeps it: $st" || fail "the case: $st"

# ---- a supervisor logs in and approves ------------------------------------------------
export DOORSTEP_TODAY=2026-12-14 # past its deadline
start b 80 24 TERM=vt100 DOORSTEP_USER=li LANGUAGE=zh_CN
see b "^  li 的口令：" "li logs in"
type_text b "$LIPASS"
keys b Enter
see b "E 救助" "li's caseload"
keys b E
see b "^临时救助：1 件待决定，期限近者在前 — li" "E: the relief queue"
screen_has "^! 2026-12-11 已逾期 +王秀英 +3000.00  已提出金额，待另一人决定" "... the case with its deadline, overdue marked"
keys b Enter
see b "^临时救助案件 $R — 王秀英" "Enter opens the case"
screen_has "已逾期：决定期限已过。" "... overdue said on its page"
keys b A
see b "批准 3000.00 元？按回车批准：" "A: approve 3,000 yuan? asked"
keys b Enter
see b "目前：已批准" "li approves it"
# (waited for: on a loaded machine the page is seen half redrawn, the
# new state above the old and the message not yet drawn)
see b "已完成；临时救助案件目前：已批准" "... and is told so"
see b "给该户的书面决定：按 L 查看（按 p 打印）。" "... the written decision offered"
keys b L
see b "^临时救助案件 $R 的决定书" "L: the written decision, in Chinese"
screen_has "^给予临时救助决定书" "... granting temporary assistance"
screen_has "3,000.00元" "... the amount with its unit"
screen_has "p 打印" "... p prints it"
screen_lacks "d 登记送达" "... and no delivery key: a relief letter's delivery is not recorded"
keys b q
see b "^临时救助案件 $R — 王秀英" "q: back on the case"
keys b q
see b "^临时救助：0 件待决定" "the queue follows"
screen_has "2026-12-14 +王秀英 +3000.00  已批准" "... the case decided today"
keys b q
keys b g
wait_for b "^\? " 5
screen_lacks "临时救助待决定" "a decided case leaves the due list"
keys b Q
exited b "Q quits"

run "$D" relief show "$R" --json
st=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['state'], j['decided_by'], j['approved'])" "$T/out")
[ "$st" = "approved li 3000.00" ] && ok "approved by li, a second person: $st" || fail "the case: $st"
if LC_ALL=C grep -rqaF "房屋失火" "$DOORSTEP_STORE"; then fail "the need is on disk in plaintext"
else ok "the need typed in the interface is sealed"; fi
finish
