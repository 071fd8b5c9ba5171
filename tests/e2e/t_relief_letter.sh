#!/bin/sh
# t_relief_letter.sh — the written decision of a relief case (临时救助,
# issue 20): `notice ID --relief` for an urgent case paid first and then
# approved by a second person, and for one refused, each in English and in
# Chinese, as text, with --out and as an A4 PDF (pdftotext): the issuing
# authority, the document number, the cause in words, the amount with its
# unit and what of it was paid first and remains, the reasons, the
# derivation with the policy's source, the remedies with their bodies and
# days, and no duty to report changes; no English word in a Chinese
# letter; an undecided case refused in one line naming it, exit 1 and no
# file written; an unknown id named.
. "$(dirname "$0")/lib.sh"

for tool in pdftotext pdfinfo; do
	command -v $tool > /dev/null || { echo "# $tool is missing (poppler-utils)"; exit 1; }
done

PW=$(passfile pass-wang "wang's own passphrase")
PL=$(passfile pass-li "li supervises the township")
export DOORSTEP_STORE="$T/s" DOORSTEP_TODAY=2026-12-04
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$PW" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$PL" "$D" "$@"; }

DOORSTEP_PASSPHRASE_FILE="$PW" "$D" init --user wang --role assistant --region 440106 > /dev/null || fail "init"
DOORSTEP_NEW_PASSPHRASE_FILE="$PL" as_wang user add li --role supervisor > /dev/null || fail "user add li"
cat > "$T/settings.json" <<EOF
{"version": "tianhe-2026.1", "effective_from": "2026-01-01",
 "authority": "广州市天河区民政局", "address": "广州市天河区示例路1号",
 "telephone": "020-12345678", "reconsideration_body": "广州市天河区人民政府",
 "court": "广州铁路运输法院", "docno_prefix": "天民临"}
EOF
run as_li settings set "$T/settings.json"
expect_rc 0 "li sets the county's settings"

cat > "$T/dibao.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区12号",
 "members": [{"name": "王秀英", "id_number": "440106195003120023", "relation": "head", "categories": ["elderly"], "able_to_work": false, "incomes": []},
             {"name": "李建国", "id_number": "440106195206010019", "relation": "spouse", "categories": ["elderly"], "able_to_work": false, "incomes": []}],
 "assets": {"financial": "3000.00", "vehicles": [], "homes": 1},
 "receiving": {"allowance": "1195.00", "since": "2024-03"}}
EOF
cat > "$T/other.json" <<'EOF'
{"region": "440106", "address": "天河区石牌街道华师社区13号",
 "members": [{"name": "张伟", "id_number": "440106198008080036", "relation": "head", "categories": [], "able_to_work": true,
              "incomes": [{"source": "wages", "monthly": "2000.00"}]}],
 "assets": {"financial": "1000.00", "vehicles": [], "homes": 1}}
EOF
DIBAO=$(as_wang household add --json "$T/dibao.json") || fail "household dibao"
OTHER=$(as_wang household add --json "$T/other.json") || fail "household other"

# an urgent case paid first, then proposed and approved by a second person
R1=$(as_wang relief file "$DIBAO" --cause disaster --need "房屋失火，两间屋烧毁" --amount 3000 --urgent 2> /dev/null)
run as_li relief pay-first "$R1" --amount 1165
expect_rc 0 "li pays the urgent case first"
run as_wang relief propose "$R1" --amount 3000 --reason "两间屋烧毁，需添置被褥炊具"
expect_rc 0 "wang proposes 3,000 yuan"
run as_li relief approve "$R1"
expect_rc 0 "li approves it"
# one proposed and refused
R2=$(as_wang relief file "$OTHER" --cause income_loss --need "工厂停工，收入中断" --amount 1000 2> /dev/null)
as_wang relief propose "$R2" --amount 800 --reason "停工两个月" > /dev/null 2>&1 || fail "propose R2"
run as_li relief refuse "$R2" --reason "家庭存款足以应对短期困难"
expect_rc 0 "li refuses the second case"
# one not decided yet
R3=$(as_wang relief file "$OTHER" --cause illness --need "急诊手术" --amount 500 2> /dev/null)

english_words() { grep -oE '[A-Za-z]{2,}' "$1" | grep -vxE "${2:-^$}" | sort -u | head -5 | tr '\n' ' '; }
has() { # FILE PATTERN WHAT
	grep -Eq -- "$2" "$1" && ok "$3" || fail "$3: /$2/ not in $(head -c 400 "$1")"
}
hasnt() { # FILE PATTERN WHAT
	grep -Eq -- "$2" "$1" && fail "$3: /$2/ in $(grep -Eo -- ".{0,40}$2.{0,40}" "$1" | head -1)" || ok "$3"
}

# check NAME ID WHAT: the letter in both languages, text, --out and PDF;
# NAME-zh.flat and NAME-en.flat are the PDFs' text for the checks after
check() {
	name=$1 id=$2 what=$3
	run as_wang notice "$id" --relief --lang zh_CN
	expect_rc 0 "$what: the Chinese letter as text"
	cp "$T/out" "$T/$name-zh.txt"
	w=$(english_words "$T/$name-zh.txt")
	[ -z "$w" ] && ok "$what: no English word in the Chinese text" || fail "$what: English words in the Chinese text: $w"
	hasnt "$T/$name-zh.txt" "wang|li[^a-z]|cn-default|440106|$id" "$what: no login name, policy version, region code or case id"
	run as_wang notice "$id" --relief --lang zh_CN --out "$T/$name-zh.out"
	expect_rc 0 "$what: --out"
	cmp -s "$T/$name-zh.out" "$T/$name-zh.txt" && ok "$what: --out holds the same letter" || fail "$what: --out differs"
	[ "$(stat -c %a "$T/$name-zh.out")" = 600 ] && ok "$what: --out is private (0600)" || fail "$what: --out is $(stat -c %a "$T/$name-zh.out")"

	run as_wang notice "${id%????????}" --relief --lang zh_CN --pdf "$T/$name-zh.pdf"
	expect_rc 0 "$what: --pdf in Chinese, the case named by the first four characters of its id"
	[ ! -s "$T/out" ] && ok "$what: --pdf prints nothing" || fail "$what: --pdf printed: $(head -c 200 "$T/out")"
	pdfinfo "$T/$name-zh.pdf" 2> /dev/null | grep -q "595.* x 841" && ok "$what: an A4 PDF" \
		|| fail "$what: the page: $(pdfinfo "$T/$name-zh.pdf" 2>&1 | grep 'Page size')"
	pdftotext "$T/$name-zh.pdf" "$T/$name-zh.pdf.txt"
	tr -d ' \n' < "$T/$name-zh.pdf.txt" > "$T/$name-zh.flat"
	for want in "^广州市天河区民政局" "天民临〔2026〕[0-9]{8}(-[0-9]+)+号" "决定日期：2026年12月4日" \
		"广州市天河区人民政府申请行政复议" "60日内" "广州铁路运输法院提起行政诉讼" "6个月内" \
		"申诉" "30日内答复" "广州市天河区民政局（印章）" "户主" "020-12345678"; do
		grep -Eq -- "$want" "$T/$name-zh.flat" && ok "$what: the Chinese PDF has /$want/" \
			|| fail "$what: the Chinese PDF lacks /$want/: $(head -c 300 "$T/$name-zh.flat")"
	done
	hasnt "$T/$name-zh.flat" "如实报告|变化" "$what: no duty to report changes (a one-off)"
	w=$(english_words "$T/$name-zh.pdf.txt")
	[ -z "$w" ] && ok "$what: no English word in the Chinese PDF" || fail "$what: English words in the Chinese PDF: $w"

	run as_wang notice "$id" --relief
	expect_rc 0 "$what: the English letter as text"
	cp "$T/out" "$T/$name-en.txt"
	run as_wang notice "$id" --relief --pdf "$T/$name-en.pdf" --out "$T/$name-en.out"
	expect_rc 0 "$what: --pdf and --out in English"
	cmp -s "$T/$name-en.out" "$T/$name-en.txt" && ok "$what: --out beside --pdf holds the letter" || fail "$what: --out differs"
	pdftotext "$T/$name-en.pdf" "$T/$name-en.pdf.txt"
	tr -s ' \n' '  ' < "$T/$name-en.pdf.txt" > "$T/$name-en.flat"
	# a line may break inside a Chinese name: the names checked without spaces
	tr -d ' \n' < "$T/$name-en.pdf.txt" > "$T/$name-en.tight"
	for want in "广州市天河区人民政府foradministrativereconsiderationwithin60days" \
		"administrativelawsuitbefore广州铁路运输法院within6months"; do
		grep -Eq -- "$want" "$T/$name-en.tight" && ok "$what: the English PDF has /$want/" \
			|| fail "$what: the English PDF lacks /$want/: $(head -c 300 "$T/$name-en.tight")"
	done
	for want in "广州市天河区民政局" "天民临\[2026\] No\. [0-9]{8}(-[0-9]+)+" "Date of the decision: 2026-12-04" \
		"appeal" "within 30 days" "\(seal\)" "head of household"; do
		grep -Eq -- "$want" "$T/$name-en.flat" && ok "$what: the English PDF has /$want/" \
			|| fail "$what: the English PDF lacks /$want/: $(head -c 300 "$T/$name-en.flat")"
	done
	hasnt "$T/$name-en.flat" "duty to report" "$what: no duty to report changes in English"
}

# ---- approved, paid first in part ------------------------------------------------------------
check grant "$R1" "an approval"
has "$T/grant-zh.txt" "给予临时救助决定书" "the approval: its title"
has "$T/grant-zh.txt" "因火灾或自然灾害（房屋失火，两间屋烧毁）申请临时救助" "the approval: the cause in words and the need"
has "$T/grant-zh.txt" "决定给予一次性临时救助3,000\.00元" "the approval: the amount with its unit"
has "$T/grant-zh.txt" "其中1,165\.00元已于2026年12月4日先行救助发放，其余1,835\.00元尚待发放" "the approval: what was paid first and what remains"
has "$T/grant-zh.txt" "两间屋烧毁，需添置被褥炊具" "the approval: the proposal's reason"
has "$T/grant-zh.txt" "由乡镇人民政府（街道办事处）在其审批限额内决定" "the approval: the township decided"
has "$T/grant-zh.txt" "计算过程" "the approval: how it was worked out"
has "$T/grant-zh.txt" "参考标准：1\.00 × S，每人，共 2 人 = 2330\.00 元（依据：[^）]*社会救助暂行办法" "the approval: the guidance with the policy's Chinese source"
has "$T/grant-zh.txt" "不超过乡镇限额 3\.00 × S = 3495\.00 元：由乡镇决定" "the approval: the township's limit"
hasnt "$T/grant-zh.txt" "12个月" "the approval: no line of the year's cap (the supervisor's notice)"
grep -q "3,000\.00元" "$T/grant-zh.flat" && ok "the approval: the Chinese PDF has the amount with its unit" || fail "the approval: PDF amount"
grep -q "先行救助" "$T/grant-zh.flat" && ok "the approval: the Chinese PDF says what was paid first" || fail "the approval: PDF paid first"
has "$T/grant-en.txt" "^Decision granting temporary assistance" "the approval in English: its title"
has "$T/grant-en.txt" "because of a fire or a natural disaster" "the approval in English: the cause in words"
has "$T/grant-en.txt" "It is granted 3,000\.00 yuan of temporary assistance, paid once" "the approval in English: the amount with its unit"
has "$T/grant-en.txt" "Of it, 1,165\.00 yuan was paid first on 2026-12-04 as urgent help; the remaining 1,835\.00 yuan is still to be paid" "the approval in English: paid first and what remains"
has "$T/grant-en.txt" "Guidance: 1\.00 × S for each of 2 people = 2330\.00 yuan \(source: .*Decree 649" "the approval in English: the policy's English source"
grep -q "1,835.00 yuan" "$T/grant-en.flat" && ok "the approval: the English PDF has what remains" || fail "the approval: English PDF"

# ---- refused ------------------------------------------------------------------------------------
check refuse "$R2" "a refusal"
has "$T/refuse-zh.txt" "不予临时救助决定书" "the refusal: its title"
has "$T/refuse-zh.txt" "因失去收入来源（工厂停工，收入中断）申请临时救助。经审核，决定不予救助" "the refusal: the cause and the decision"
has "$T/refuse-zh.txt" "家庭存款足以应对短期困难" "the refusal: its reason"
hasnt "$T/refuse-zh.txt" "停工两个月|计算过程" "the refusal: neither the proposal's reason nor a derivation"
grep -q "家庭存款足以应对短期困难" "$T/refuse-zh.flat" && ok "the refusal: the Chinese PDF gives the reason" || fail "the refusal: PDF reason"
has "$T/refuse-en.txt" "^Decision refusing temporary assistance" "the refusal in English: its title"
has "$T/refuse-en.txt" "because of the loss of its income .*The application is not granted" "the refusal in English: the cause and the decision"

# the same letter each time; two decisions, two numbers
as_wang notice "$R1" --relief --lang zh_CN > "$T/again.txt" 2> /dev/null
cmp -s "$T/again.txt" "$T/grant-zh.txt" && ok "the letter is the same when printed again" || fail "the letter changed"
n1=$(grep -oE '〔2026〕[0-9-]+号' "$T/grant-zh.txt" | head -1)
n2=$(grep -oE '〔2026〕[0-9-]+号' "$T/refuse-zh.txt" | head -1)
[ -n "$n1" ] && [ "$n1" != "$n2" ] && ok "two decisions, two document numbers ($n1, $n2)" || fail "numbers: '$n1' '$n2'"

# ---- not decided; unknown ---------------------------------------------------------------------------
run as_wang notice "$R3" --relief --out "$T/r3.txt" --pdf "$T/r3.pdf"
expect_rc 1 "a case not decided yet"
[ "$(wc -l < "$T/err")" -eq 1 ] && ok "... one line" || fail "... lines: $(cat "$T/err")"
expect_err "^doorstep: $R3: no decision has been made on this relief case yet \\(it is being investigated\\)$" "... naming the case and its state"
[ ! -e "$T/r3.txt" ] && [ ! -e "$T/r3.pdf" ] && ok "... and no file written" || fail "... a file was written"
[ ! -s "$T/out" ] && ok "... nothing on standard output" || fail "... printed: $(head -c 200 "$T/out")"
run as_wang notice "$R3" --relief --lang zh_CN
expect_rc 1 "... in Chinese too"
expect_err "^doorstep: $R3: 该临时救助案件尚未作出决定（目前：调查中）$" "... in Chinese words"
run as_wang notice zzzz --relief
expect_rc 1 "an unknown relief case"
expect_err "^doorstep: ID: there is no relief case zzzz$" "... named"
run as_wang notice "$DIBAO" --relief
expect_rc 1 "a household's id is not a relief case's"
run as_wang notice "$R1"
expect_rc 1 "without --relief the id is a household's"
left=$(ls -a "$T" | grep -E '\.tmp|~$' | head -3)
[ -z "$left" ] && ok "no temporary file left behind" || fail "left behind: $left"

finish
