#!/bin/sh
# t_zh_screens.sh — no English word on a Chinese screen: the interface is
# driven at 80×24 under LANG=zh_CN.UTF-8 through every screen an assistant
# (wang), a supervisor (li) and a reviewer (zhao) reach — the lock and the
# user chooser, the caseload with each filter and sort, help, a household
# page section by section, the visit form step by step with wrong answers
# typed on purpose, the add-household form, drafts, the due list, the
# review queue and the appeals with their questions, the notice and its
# delivery questions — and each screen is scanned for runs of two or more
# Latin letters; then the Chinese output of the main commands and their
# errors. A word not on the short allow-list below fails, naming the
# screen and the word; so does a region given by its code where its name
# belongs. Under TERM=xterm-256color, then (the caseload, help and a
# household page) TERM=vt100. ZH_SCREENS=DIR keeps the screens to read.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

D="$(cd "$(dirname "$D")" && pwd)/$(basename "$D")"
# ZH_SCREENS=DIR keeps every screen scanned there, to read.

# ---- what may be written in Latin letters on a Chinese screen ---------------------
# Key names, as the keys are labelled; the product's name; the users' login
# names (they are what one types at the lock).
ALLOW="Enter Esc PgUp PgDn Home End Tab Shift Ctrl doorstep wang li zhao"
# "GB/T 2260": the national standard's designation, written so in Chinese.
ALLOW="$ALLOW GB"
# The policy's own data: its sources and its title are English in
# store/policy-default.json until a Chinese form (source_zh) is there —
# the letter's helper's part of issue 13; allowed only while there is none.
POLICY_WORDS=""
if ! grep -q '"source_zh"' "$top/store/policy-default.json"; then
	POLICY_WORDS=$(grep -oE '"(source|window_source)": *"[^"]*"' "$top/store/policy-default.json" |
		sed 's/^"[a-z_]*": *//' | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')
fi
# The policy's title (shown by policy show) likewise, until it has a
# Chinese form (title_zh): policy data, the letter's helper's part.
if ! grep -q '"title_zh"' "$top/store/policy-default.json"; then
	POLICY_WORDS="$POLICY_WORDS $(grep -oE '"title": *"[^"]*"' "$top/store/policy-default.json" |
		sed 's/^"[a-z_]*": *//' | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')"
fi
# Region names in the policy ("广州 Guangzhou"): the Chinese region name
# table is the settings helper's part of issue 13 (region names).
REGION_WORDS=$(grep -oE '"name": *"[^"]*"' "$top/store/policy-default.json" |
	sed 's/^"name": *//' | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')
# The policy version's id (cn-default-2023.1) is its identifier, like a
# household's id: masked as one.
POLICY_ID=$(grep -oE '"version": *"[^"]*"' "$top/store/policy-default.json" | head -1 | sed 's/.*: *"//; s/"$//')

# mask FILE: household, draft and policy ids out of a screen or an output
# (an id has a digit in it; no word has), as the sed script $T/mask.sed.
mask() {
	sed -E -f "$T/mask.sed" "$1" |
		sed -E 's/(^|[^0-9A-Za-z])[0-9a-z]*[0-9][0-9a-z]*([^0-9A-Za-z]|$)/\1#\2/g; s/(^|[^0-9A-Za-z])[0-9a-z]*[0-9][0-9a-z]*([^0-9A-Za-z]|$)/\1#\2/g'
}
# On the command line, options (--reason) and the usage lines of a command
# ("  doorstep household show ID [--json]") are written as they are typed.
cli_mask() {
	sed -E 's/--[a-z][a-z-]*//g; /^  doorstep /d' "$1"
}
# words FILE [EXTRA-ALLOWED]: the words in Latin letters that are not allowed.
words() {
	mask "$1" | grep -oE '[A-Za-z]{2,}' | sort -u | while read -r w; do
		case " $ALLOW $POLICY_WORDS $REGION_WORDS ${2:-} " in
		*" $w "*) ;;
		*) printf '%s ' "$w" ;;
		esac
	done
}
# check_words WHAT FILE [EXTRA-ALLOWED]: fails naming WHAT and the words.
check_words() {
	_w=$(words "$2" "${3:-}")
	if [ -z "$_w" ]; then ok "$1: no English word"
	else
		fail "$1: English words: $_w"
		mask "$2" | grep -nE "$(printf '%s' "$_w" | sed 's/ $//; s/ /|/g')" | sed -n '1,12s/^/#   | /p'
	fi
}

# esc NAME: Esc, alone (Esc and a key at once would be read as Alt+key).
esc() { keys "$1" Escape; sleep 0.3; }
# no_region_code WHAT FILE: a region is named, not given as its code
# ("地区 440106"), unless its name follows in brackets or the line is
# about the code itself (a wrong one typed: "……的代码").
no_region_code() {
	grep -E '(地区|行政区划)[ ：]*[0-9]{2,6}([^0-9（(]|$)' "$2" | grep -v '代码' > "$T/codes"
	if [ -s "$T/codes" ]; then
		fail "$1: a region code where its name belongs: $(head -2 "$T/codes")"
	fi
}
# settle NAME: the screen stops changing (two captures alike, 120 ms apart).
settle() {
	_end=$(($(now_ms) + 5000))
	shot "$1"
	cp "$T/screen" "$T/prev"
	while :; do
		sleep 0.12
		shot "$1"
		cmp -s "$T/prev" "$T/screen" && return 0
		cp "$T/screen" "$T/prev"
		[ "$(now_ms)" -ge "$_end" ] && return 0
	done
}
# scan NAME SCREEN ERE [EXTRA-ALLOWED]: the screen comes to show ERE (so
# the keys reached it), settles, and has no word that is not allowed.
nscreens=0
scan() {
	if wait_for "$1" "$3" 15; then
		settle "$1"
		nscreens=$((nscreens + 1))
		[ -n "${ZH_SCREENS:-}" ] && cp "$T/screen" "$ZH_SCREENS/$nscreens-$(printf '%s' "$2" | tr -c 'A-Za-z0-9\n' '_')"
		check_words "screen: $2" "$T/screen" "${4:-}"
		no_region_code "screen: $2" "$T/screen"
	else
		fail "screen: $2: never showed /$3/; it shows:"
		dump
	fi
}

# ---- the store: three people, a demo caseload, and households in each state -------
export DOORSTEP_TODAY=2026-11-25
new_store zh wang assistant
export DOORSTEP_USER=wang
WANG="correct horse battery zh"
LIPASS="li keeps her own passphrase"
ZHPASS="zhao keeps his own passphrase"
LIF=$(passfile pass-li "$LIPASS")
ZHF=$(passfile pass-zhao "$ZHPASS")
DOORSTEP_NEW_PASSPHRASE_FILE="$LIF" run "$D" user add li --role supervisor
expect_rc 0 "li, a supervisor"
DOORSTEP_NEW_PASSPHRASE_FILE="$ZHF" run "$D" user add zhao --role reviewer
expect_rc 0 "zhao, a reviewer"
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LIF" "$@"; }
run "$D" demo --households 30 --seed 5
expect_rc 0 "a demo caseload of 30 households"
# hh NAME IDNUM ADDRESS INCOME [EXTRA]: a one-person household; prints its id.
hh() {
	printf '{"region":"440106","address":"%s","members":[{"name":"%s","id_number":"%s","relation":"head","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"%s"}]}],"assets":{"financial":"300","vehicles":[],"homes":1}%s}\n' \
		"$3" "$1" "$2" "$4" "${5:-}" > "$T/h.json"
	"$D" household add --json "$T/h.json" | tail -n 1 | awk '{print $NF}'
}
visit() {
	printf '{"date":"2026-11-25","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-25"},"observations":"家里干净"}\n' "$2" "$2" > "$T/v.json"
	run "$D" visit record "$1" --json "$T/v.json"
}
# 钱一: submitted, in li's review queue
P1=$(id18 44010619700201123); R=$(hh 钱一 "$P1" 石牌街道1号 500.00); visit "$R" "$P1"
run "$D" review submit "$R"; expect_rc 0 "钱一 is submitted for review"
# 钱二: refused, and appealing
P2=$(id18 44010619700202123); F=$(hh 钱二 "$P2" 石牌街道2号 2000.00); visit "$F" "$P2"
run "$D" review submit "$F"
run as_li "$D" review refuse "$F" --reason "工资高于标准"; expect_rc 0 "钱二 is refused"
run "$D" appeal file "$F" --reason "十月起停发工资" --received 2026-11-25; expect_rc 0 "钱二 appeals"
# 钱三: refused, its letter not yet delivered
P3=$(id18 44010619700203123); N=$(hh 钱三 "$P3" 石牌街道3号 2000.00); visit "$N" "$P3"
run "$D" review submit "$N"
run as_li "$D" review refuse "$N" --reason "工资高于标准"; expect_rc 0 "钱三 is refused"
# 赵四: receiving, near the standard
W=$(hh 赵四 "$(id18 44010619810101262)" 石牌街道4号 1048.50 ', "receiving": {"allowance": "200", "since": "2025-01"}')
# 孙五: a visit in progress
P5=$(id18 44010619750301345); V=$(hh 孙五 "$P5" 石牌街道5号 500.00)
printf '{"observations":"看了一半"}\n' > "$T/part.json"
run "$D" visit draft save "$V" --json "$T/part.json" --step 2; expect_rc 0 "a visit to 孙五 in progress"
# 吴七: receiving, its wages now above the standard: approved on
# 2026-11-15, in gradual withdrawal once the notice ends
export DOORSTEP_TODAY=2026-11-15
P7=$(id18 44010619810101263)
G=$(hh 吴七 "$P7" 石牌街道7号 1300.00 ', "receiving": {"allowance": "200", "since": "2025-01"}')
printf '{"date":"2026-11-15","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"2026-11-15"},"observations":"工资涨了"}\n' "$P7" "$P7" > "$T/v.json"
run "$D" visit record "$G" --json "$T/v.json"
run "$D" review submit "$G"
run as_li "$D" review approve "$G"; expect_rc 0 "吴七's withdrawal is approved"
export DOORSTEP_TODAY=2026-11-25
run "$D" review finalize
run "$D" household list --json
expect_out "\"id\":\"$G\"[^}]*in_transition" "吴七 is in gradual withdrawal"
[ -n "$R" ] && [ -n "$F" ] && [ -n "$N" ] && [ -n "$G" ] && [ -n "$W" ] && [ -n "$V" ] && ok "six households of our own" || fail "households missing"

# the ids to mask: households (and the policy's version)
"$D" household list --json | grep -o '"id":"[a-z0-9]*"' | sed 's/.*:"\(.*\)"/\1/' > "$T/ids"
{ while read -r id; do printf 's/%s/#/g\n' "$id"; done < "$T/ids"
	printf 's/%s/#/g\n' "$(printf '%s' "$POLICY_ID" | sed 's/\./\\./g')"
	# ids the store makes while the test runs: a draft's ("草稿 id"), and a
	# household's added from the interface, in its page's title
	printf 's/草稿 [0-9a-z]{6,}/草稿 #/g\n'
	printf 's/^(家庭 .*) — [0-9a-z]{12}$/\\1 — #/\n'
	# commands, as they are typed
	printf 's/doorstep notice deliver/#/g\n'
	printf 's/doorstep settings set/#/g\n'; } > "$T/mask.sed"

export DOORSTEP_TODAY=2026-11-27
ZH="LANG=zh_CN.UTF-8"
CASELOAD='^[0-9]+/[0-9]+ '

# ======== the interface ==================================================================
# unlock_zh NAME USER PASS: the passphrase asked for (scanned), the caseload.
unlock_zh() {
	scan "$1" "the passphrase asked for $2" "^  $2 的口令："
	type_text "$1" "$3"
	keys "$1" Enter
	wait_for "$1" "$CASELOAD" 15
	wait_for "$1" '^\? 帮助 ' 10
}

interface() {
	term=$1 n=$2
	start "$n" 80 24 TERM="$term" $ZH DOORSTEP_USER=wang
	# a wrong passphrase first
	scan "$n" "$term: the lock screen" "^  wang 的口令："
	type_text "$n" "not the passphrase"
	keys "$n" Enter
	scan "$n" "$term: a wrong passphrase" "口令错误"
	unlock_zh "$n" wang "$WANG"

	# ---- the caseload: each filter and sort, a search ----------------------
	scan "$n" "$term: caseload" "$CASELOAD"
	for k in r t w u p v a; do
		keys "$n" "$k"
		scan "$n" "$term: caseload, filter $k" "$CASELOAD"
	done
	for k in d m s; do
		keys "$n" "$k"
		scan "$n" "$term: caseload, sort $k" "$CASELOAD"
	done
	keys "$n" /
	type_text "$n" "钱"
	scan "$n" "$term: caseload, searching" "钱"
	keys "$n" Enter n
	scan "$n" "$term: caseload, the next match" "$CASELOAD"
	keys "$n" /
	type_text "$n" "无此人"
	keys "$n" Enter
	scan "$n" "$term: caseload, a search that finds nothing" "$CASELOAD"
	keys "$n" Z
	scan "$n" "$term: caseload, a key that means nothing" "$CASELOAD"

	# ---- help, every page --------------------------------------------------
	keys "$n" '?'
	scan "$n" "$term: help on the caseload" "^帮助"
	for p in 1 2 3; do
		keys "$n" PgDn
		scan "$n" "$term: help on the caseload, page $((p + 1))" "^帮助"
	done
	keys "$n" q

	# ---- a household page, section by section; the ID numbers shown --------
	keys "$n" /
	type_text "$n" "钱二"
	keys "$n" Enter Enter
	scan "$n" "$term: household page (refused, appealing)" "^家庭 钱二"
	for s in 1 2 3 4 5 6 7 8; do
		keys "$n" Tab
		scan "$n" "$term: household page, section $s" "^家庭 钱二"
	done
	keys "$n" i
	scan "$n" "$term: household page, ID numbers shown" "^家庭 钱二"
	keys "$n" End
	scan "$n" "$term: household page, its end" "^家庭 钱二"
	keys "$n" '?'
	scan "$n" "$term: help on the household page" "^帮助"
	keys "$n" End
	scan "$n" "$term: help on the household page, its end" "^帮助"
	keys "$n" q
	# assess: the derivation
	keys "$n" a
	scan "$n" "$term: household page, assessed" "^家庭 钱二"
	keys "$n" End
	scan "$n" "$term: household page, assessed, its end" "^家庭 钱二"
	keys "$n" q

	if [ "$term" = vt100 ]; then
		keys "$n" Q
		exited "$n" "$term: Q leaves"
		return
	fi

	# a household in gradual withdrawal: its page, its schedule
	keys "$n" /
	type_text "$n" "吴七"
	keys "$n" Enter Enter
	scan "$n" "$term: household page (withdrawing)" "^家庭 吴七"
	for s in 1 2 3 4 5 6 7 8; do
		keys "$n" Tab
		scan "$n" "$term: household page (withdrawing), section $s" "^家庭 吴七"
	done
	keys "$n" L
	scan "$n" "$term: the notice of a withdrawal" "." "$(mask "$T/letter_g" | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')"
	keys "$n" q q

	# ---- the notice, printing it, its delivery ------------------------------
	"$D" --lang zh_CN notice "$N" > "$T/letter" 2>&1
	LETTER=$(mask "$T/letter" | grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')
	[ -n "$LETTER" ] && echo "# allowed on the notice, the letter's helper's part of issue 13: $LETTER"
	keys "$n" /
	type_text "$n" "钱三"
	keys "$n" Enter Enter
	scan "$n" "$term: household page (refused)" "^家庭 钱三"
	keys "$n" L
	# the letter's own words are the letter's helper's part of issue 13:
	# allowed here, and the letter's text is scanned on its own below
	scan "$n" "$term: the notice" "." "$LETTER"
	for p in 1 2 3; do
		keys "$n" PgDn
		scan "$n" "$term: the notice, page $((p + 1))" "." "$LETTER"
	done
	keys "$n" p
	# the file's name offered, notice-ID.txt
	scan "$n" "$term: print: the file's name asked" "notice-|$N" "notice txt"
	esc "$n"
	scan "$n" "$term: print put away" "." "$LETTER"
	keys "$n" d
	scan "$n" "$term: delivery: the day asked" "2026-11-27"
	keys "$n" C-u
	type_text "$n" "2026-11-31"
	keys "$n" Enter
	scan "$n" "$term: delivery: an impossible day" "2026-11-31"
	keys "$n" C-u
	type_text "$n" "2026-11-28"
	keys "$n" Enter
	scan "$n" "$term: delivery: a day to come" "2026-11-28"
	keys "$n" C-u
	type_text "$n" "2026-11-26"
	keys "$n" Enter
	scan "$n" "$term: delivery: how" "1 "
	type_text "$n" "7"
	keys "$n" Enter
	scan "$n" "$term: delivery: a way not listed" "7"
	keys "$n" BSpace
	type_text "$n" "2"
	keys "$n" Enter
	scan "$n" "$term: delivery recorded" "." "$LETTER"
	keys "$n" d
	scan "$n" "$term: delivery: already recorded" "2026-11-26" "$LETTER"
	keys "$n" q
	wait_for "$n" "^家庭 钱三" 5
	# the household appeals: why, asked; an empty answer refused
	keys "$n" F
	scan "$n" "$term: appeal: why asked" "^家庭 钱三"
	keys "$n" Enter
	scan "$n" "$term: appeal: an empty reason" "^家庭 钱三"
	esc "$n"
	scan "$n" "$term: appeal put away" "^家庭 钱三"
	keys "$n" q

	# ---- the visit form, every step, with wrong answers --------------------
	keys "$n" /
	type_text "$n" "赵四"
	keys "$n" Enter Enter
	scan "$n" "$term: household page (receiving)" "^家庭 赵四"
	keys "$n" V
	scan "$n" "$term: visit, step 1" "第 1 步"
	keys "$n" Enter
	scan "$n" "$term: visit, step 1, the second staff missing" "第 1 步"
	type_text "$n" "li"
	keys "$n" Enter
	scan "$n" "$term: visit, step 2" "第 2 步"
	keys "$n" Enter
	scan "$n" "$term: visit, step 2, nobody present" "第 2 步"
	keys "$n" '?'
	scan "$n" "$term: help on the visit" "^帮助"
	keys "$n" q
	wait_for "$n" "第 2 步" 5
	keys "$n" Space Enter
	scan "$n" "$term: visit, step 3" "第 3 步"
	keys "$n" n
	scan "$n" "$term: visit, step 3, a new member" "第 3 步"
	type_text "$n" "赵小四"
	keys "$n" Tab
	type_text "$n" "440106201506012340"
	keys "$n" Enter
	scan "$n" "$term: visit, step 3, a wrong ID number" "第 3 步"
	keys "$n" C-u
	type_text "$n" "000000201506012340"
	keys "$n" Enter
	scan "$n" "$term: visit, step 3, a province that is none" "第 3 步"
	keys "$n" C-u
	type_text "$n" "$(id18 44010620150601234)"
	keys "$n" Tab
	scan "$n" "$term: visit, step 3, the member's next field" "第 3 步"
	keys "$n" Tab Tab Tab Tab
	scan "$n" "$term: visit, step 3, further fields" "第 3 步"
	keys "$n" Enter
	scan "$n" "$term: visit, step 3, the member kept" "第 3 步"
	keys "$n" Tab
	scan "$n" "$term: visit, step 4, the facts at the door" "第 4 步"
	type_text "$n" "5"
	keys "$n" C-n
	scan "$n" "$term: visit, step 4, a grade 5" "第 4 步"
	keys "$n" C-u Down Down
	type_text "$n" "感冒"
	keys "$n" C-n
	scan "$n" "$term: visit, step 4, an illness off the list" "第 4 步"
	keys "$n" C-u Down Down Down
	type_text "$n" "三万"
	keys "$n" C-n
	scan "$n" "$term: visit, step 4, spending in words" "第 4 步"
	keys "$n" C-u Down Down Down Down
	type_text "$n" "赵五"
	keys "$n" Enter
	scan "$n" "$term: visit, step 4, a supporter without a relation" "第 4 步"
	type_text "$n" "赵四之子"
	keys "$n" Down Down
	type_text "$n" "重病"
	keys "$n" Enter
	scan "$n" "$term: visit, step 4, a supporter listed" "第 4 步"
	keys "$n" Up x
	scan "$n" "$term: visit, step 4, taking a supporter off" "第 4 步"
	keys "$n" Enter
	scan "$n" "$term: visit, step 4, the supporter taken off" "第 4 步"
	keys "$n" C-n
	scan "$n" "$term: visit, step 4, the next person" "第 4 步"
	keys "$n" Up Up Up Up Up Up Enter
	scan "$n" "$term: visit, step 5" "第 5 步"
	type_text "$n" "两间平房"
	keys "$n" Enter
	scan "$n" "$term: visit, step 6" "第 6 步"
	keys "$n" C-u
	type_text "$n" "八百"
	keys "$n" Enter
	scan "$n" "$term: visit, step 6, savings in words" "第 6 步"
	keys "$n" C-u
	type_text "$n" "1200"
	keys "$n" Enter
	scan "$n" "$term: visit, step 7" "第 7 步"
	keys "$n" Enter
	scan "$n" "$term: visit, step 8" "第 8 步"
	type_text "$n" "老人行动不便"
	keys "$n" Enter
	scan "$n" "$term: visit, step 9" "第 9 步"
	keys "$n" Space
	scan "$n" "$term: visit, step 9, another signer" "第 9 步"
	keys "$n" Enter
	scan "$n" "$term: visit, step 9, a signer not present" "第 9 步"
	keys "$n" Left Enter
	scan "$n" "$term: visit recorded" "已记录"
	keys "$n" End
	scan "$n" "$term: visit recorded, its end" "已记录"
	keys "$n" s
	scan "$n" "$term: visit recorded, submitted" "已记录"
	keys "$n" q
	wait_for "$n" "^家庭 赵四" 5
	keys "$n" q
	wait_for "$n" "$CASELOAD" 5

	# ---- the add-household form, with wrong answers -------------------------
	keys "$n" +
	scan "$n" "$term: add: the head's name" "."
	type_text "$n" "周六"
	keys "$n" Enter
	scan "$n" "$term: add: the head's ID number" "^户主身份证号："
	type_text "$n" "44010619900501234"
	keys "$n" Enter
	scan "$n" "$term: add: an ID number too short" "周六"
	keys "$n" C-u
	type_text "$n" "$(id18 44010619810101262)"
	keys "$n" Enter
	scan "$n" "$term: add: an ID number of another household" "赵四"
	keys "$n" C-u
	type_text "$n" "$(id18 44010619900501234)"
	keys "$n" Enter
	scan "$n" "$term: add: the address" "周六"
	type_text "$n" "石牌街道6号"
	keys "$n" Enter
	scan "$n" "$term: add: the region" "440106"
	keys "$n" Enter
	scan "$n" "$term: add: another member" "^其他成员姓名"
	type_text "$n" "周小六"
	keys "$n" Enter
	scan "$n" "$term: add: a member's ID number" "^其身份证号："
	type_text "$n" "$(id18 44010620160701234)"
	keys "$n" Enter
	scan "$n" "$term: add: the relation" "^与户主关系："
	type_text "$n" "cousin"
	keys "$n" Enter
	scan "$n" "$term: add: a relation not listed" "^与户主关系：cousin" "cousin"
	keys "$n" C-u
	type_text "$n" "2"
	keys "$n" Enter
	scan "$n" "$term: add: another member again" "^其他成员姓名"
	keys "$n" Enter
	scan "$n" "$term: add: the household added" "^家庭 周六"
	keys "$n" L
	scan "$n" "$term: add: no notice yet" "^家庭 周六"
	keys "$n" q
	wait_for "$n" "$CASELOAD" 5

	# ---- drafts, the due list ------------------------------------------------
	keys "$n" D
	scan "$n" "$term: drafts" "."
	keys "$n" D
	scan "$n" "$term: drafts: discard?" "."
	type_text "$n" "no"
	keys "$n" Enter
	scan "$n" "$term: drafts: an answer not yes" "." "no"
	esc "$n"
	scan "$n" "$term: drafts: kept" "."
	keys "$n" '?'
	scan "$n" "$term: help on the drafts" "^帮助"
	keys "$n" q q
	wait_for "$n" "$CASELOAD" 5
	keys "$n" g
	scan "$n" "$term: the due list" "."
	keys "$n" End
	scan "$n" "$term: the due list, its end" "."
	keys "$n" '?'
	scan "$n" "$term: help on the due list" "^帮助"
	keys "$n" q c
	scan "$n" "$term: the due list's c: the caseload" "$CASELOAD"

	# ---- the review queue and the appeals, as wang --------------------------
	keys "$n" R
	scan "$n" "$term: the review queue (wang)" "."
	keys "$n" A
	scan "$n" "$term: the review queue: wang approves his own" "."
	keys "$n" q
	keys "$n" P
	scan "$n" "$term: the appeals (wang)" "."
	keys "$n" a
	scan "$n" "$term: the appeals: wang assigns" "."
	esc "$n"
	keys "$n" q

	# ---- Ctrl-X: the user chooser, li --------------------------------------
	keys "$n" C-x
	scan "$n" "$term: the user chooser" "doorstep — "
	keys "$n" Up
	scan "$n" "$term: the user chooser, the cursor moved" "doorstep — "
	keys "$n" Enter
	unlock_zh "$n" li "$LIPASS"
	scan "$n" "$term: li is working" "$CASELOAD"
	keys "$n" R
	scan "$n" "$term: the review queue (li)" "钱一"
	keys "$n" End
	scan "$n" "$term: the review queue, its end" "."
	keys "$n" '?'
	scan "$n" "$term: help on the review queue" "^帮助"
	keys "$n" q T
	scan "$n" "$term: return: why asked" "."
	keys "$n" Enter
	scan "$n" "$term: return: an empty reason" "."
	esc "$n"
	keys "$n" X
	scan "$n" "$term: refuse: why asked" "."
	esc "$n"
	keys "$n" A
	scan "$n" "$term: approve: asked" "."
	keys "$n" Enter
	scan "$n" "$term: approved" "."
	keys "$n" q P
	scan "$n" "$term: the appeals (li)" "钱二"
	keys "$n" '?'
	scan "$n" "$term: help on the appeals" "^帮助"
	keys "$n" q a
	scan "$n" "$term: assign: to whom asked" "."
	type_text "$n" "wang"
	keys "$n" Enter
	scan "$n" "$term: assign: not a reviewer" "."
	keys "$n" C-u
	type_text "$n" "zhao"
	keys "$n" Enter
	scan "$n" "$term: assigned to zhao" "."
	keys "$n" U
	scan "$n" "$term: uphold as li" "."
	esc "$n"
	keys "$n" q +
	scan "$n" "$term: li cannot add" "$CASELOAD"

	# ---- zhao, the reviewer ---------------------------------------------------
	keys "$n" C-x
	scan "$n" "$term: the user chooser again" "doorstep — "
	keys "$n" Down Down
	keys "$n" Enter
	unlock_zh "$n" zhao "$ZHPASS"
	scan "$n" "$term: zhao is working" "$CASELOAD"
	keys "$n" P
	scan "$n" "$term: the appeals (zhao)" "钱二"
	keys "$n" O
	scan "$n" "$term: overturn: why asked" "."
	esc "$n"
	keys "$n" U
	scan "$n" "$term: uphold: why asked" "."
	keys "$n" Enter
	scan "$n" "$term: uphold: an empty reason" "."
	type_text "$n" "工资确实高于标准"
	keys "$n" Enter
	scan "$n" "$term: upheld" "."
	keys "$n" q R
	scan "$n" "$term: the review queue (zhao)" "."
	keys "$n" q V
	scan "$n" "$term: zhao cannot visit" "$CASELOAD"
	keys "$n" Q
	exited "$n" "$term: Q leaves"
}

"$D" --lang zh_CN notice "$G" > "$T/letter_g" 2>&1
interface xterm-256color x
# the county's settings, set by li on this laptop: help shows them
run as_li "$D" settings set "$top/tests/settings/tianhe.json"
expect_rc 0 "li sets the county's settings"
SETTINGS_ID=$(grep -oE '"version": *"[^"]*"' "$top/tests/settings/tianhe.json" | head -1 | sed 's/.*: *"//; s/"$//')
# the settings' version is their identifier, masked as the policy's
printf 's/%s/#/g\n' "$(printf '%s' "$SETTINGS_ID" | sed 's/\./\\./g')" >> "$T/mask.sed"
interface vt100 v

# ---- the idle lock in the middle of a search: what it says after ---------------------
start idle 80 24 $ZH DOORSTEP_USER=wang DOORSTEP_IDLE_SECONDS=3
unlock_zh idle wang "$WANG"
keys idle /
type_text idle "钱"
scan idle "idle: searching before the lock" "钱"
scan idle "idle: locked" "^  wang 的口令："
type_text idle "$WANG"
keys idle Enter
scan idle "idle: unlocked, the search put away" "$CASELOAD"
keys idle Q
exited idle "idle: Q leaves"

# ======== the command line ===============================================================
# clizh WHAT ARGS...: the command in Chinese; its output and errors scanned.
clizh() {
	_what=$1
	shift
	run "$D" --lang zh_CN "$@"
	cat "$T/out" "$T/err" > "$T/cli0"
	cli_mask "$T/cli0" > "$T/cli"
	check_words "command: $_what" "$T/cli"
	no_region_code "command: $_what" "$T/cli"
}
clizh "household list" household list
clizh "settings show" settings show
clizh "household show (appealing)" household show "$F"
clizh "household show (receiving, visited)" household show "$W"
clizh "household show (a new household)" household show "$V"
clizh "household show (withdrawing)" household show "$G"
clizh "assess --explain (withdrawing)" assess "$G" --explain
clizh "the notice's words outside the letter: notice of a household with none" notice "$V"
clizh "household find" household find "$P2"
clizh "due" due
clizh "review list" review list
clizh "appeal list" appeal list
clizh "policy show" policy show
clizh "assess --explain" assess "$W" --explain
clizh "assess --explain (a new household)" assess "$V" --explain
# the drafts' ids (made at random: one may have no digit, and read as a word)
"$D" visit draft list --json | sed -n 's/.*"draft": *"\([0-9a-z]*\)".*/s\/\1\/#\/g/p' >> "$T/mask.sed"
clizh "visit draft list" visit draft list
# temporary assistance: a case filed, proposed, shown and listed (its id masked)
RL=$("$D" relief file "$W" --cause disaster --need "房屋失火" --amount 2000 --urgent 2> /dev/null)
echo "s/$RL/#/g" >> "$T/mask.sed"
clizh "relief propose" relief propose "$RL" --amount 2000 --reason "两间屋烧毁"
clizh "relief show" relief show "$RL"
clizh "relief list" relief list
# the causes are typed as the command's words, and named so in its error
run "$D" --lang zh_CN relief file "$W" --cause 洪水 --need x --amount 1
cat "$T/out" "$T/err" > "$T/cli0"
cli_mask "$T/cli0" > "$T/cli"
check_words "command: relief file (a cause that is none; the causes as typed)" "$T/cli" "illness accident disaster income loss other"
clizh "relief approve by an assistant" relief approve "$RL"
clizh "user list" user list
clizh "an unknown household" household show abcd2fghjkmn
clizh "an unknown command" household 喊叫
clizh "a wrong ID number" household find 440106197002021234
clizh "a date that is none" notice deliver "$F" --on 2026-02-30 --method post
clizh "an appeal without a reason" appeal file "$N"
clizh "li approving nothing" review approve "$W"
run env LANG=zh_CN.UTF-8 "$D" due
cat "$T/out" "$T/err" > "$T/cli"
check_words "command: due under LANG=zh_CN.UTF-8" "$T/cli"

echo "# $nscreens screens scanned"
finish
