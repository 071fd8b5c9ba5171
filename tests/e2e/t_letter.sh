#!/bin/sh
# Decision letters a county can sign: a grant, a reduction, a withdrawal
# and a refusal, each as text and as an A4 PDF in Chinese and English.
# pdftotext finds the issuing authority, the document number, amounts with
# their unit, the month payment starts, the remedies with their bodies and
# time limits; no English word from a policy source (or any other) is in a
# Chinese letter or derivation; no Chinese line of the PDF begins with
# closing punctuation; pdftoppm renders page 1; no temporary file is left.
. "$(dirname "$0")/lib.sh"

for tool in pdftotext pdftoppm; do
	command -v $tool > /dev/null || { echo "# $tool is missing (poppler-utils)"; exit 1; }
done

export DOORSTEP_TODAY=2026-09-01
new_store s wang assistant
WANG=$DOORSTEP_PASSPHRASE_FILE
LI=$(passfile pass-li "li keeps her own passphrase")
as_wang() { DOORSTEP_USER=wang DOORSTEP_PASSPHRASE_FILE="$WANG" "$D" "$@"; }
as_li() { DOORSTEP_USER=li DOORSTEP_PASSPHRASE_FILE="$LI" "$D" "$@"; }
settle() { as_wang household list > /dev/null 2>&1; }
DOORSTEP_NEW_PASSPHRASE_FILE="$LI" run as_wang user add li --role supervisor
expect_rc 0 "wang adds li, a supervisor"

# the county's settings, set once a first letter has shown they are missing
cat > "$T/settings.json" <<EOF
{"version": "tianhe-2026.1", "effective_from": "2026-01-01",
 "authority": "广州市天河区民政局", "address": "广州市天河区示例路1号",
 "telephone": "020-12345678", "reconsideration_body": "广州市天河区人民政府",
 "court": "广州铁路运输法院", "docno_prefix": "天民低"}
EOF

A1=$(id18 44010619700101001)
B1=$(id18 44010619800505005)
C1=$(id18 44010619750606006)
E1=$(id18 44010619820707007)
member() { # NAME ID RELATION WAGES
	inc="[]"
	[ "$4" != 0 ] && inc="[{\"source\":\"wages\",\"monthly\":\"$4\"}]"
	printf '{"name":"%s","id_number":"%s","relation":"%s","categories":[],"able_to_work":true,"incomes":%s}' \
		"$1" "$2" "$3" "$inc"
}
house() { # N ADDRESS MEMBER [RECEIVING]
	printf '{"region":"440106","address":"%s","members":[%s],"assets":{"financial":"500","vehicles":[],"homes":1}%s}\n' \
		"$2" "$3" "${4:+,$4}" > "$T/h$1.json"
}
house 1 石牌街道1号 "$(member 王一 "$A1" head 400)"
house 2 石牌街道2号 "$(member 李二 "$B1" head 800)" '"receiving":{"allowance":"1165","since":"2025-06"}'
house 3 石牌街道3号 "$(member 赵三 "$C1" head 2500)"
house 4 石牌街道4号 "$(member 陈四 "$E1" head 1400)" '"receiving":{"allowance":"1165","since":"2025-06"}'
for n in 1 2 3 4; do
	run as_wang household add --json "$T/h$n.json"
	expect_rc 0 "household $n added"
	eval "H$n=\$(tail -n 1 \"\$T/out\" | awk '{print \$NF}')"
done
visit() { # FILE ID DATE
	printf '{"date":"%s","staff":["wang","li"],"present":["%s"],"consent":{"signed_by":"%s","at":"%s"},"observations":"seen"}\n' \
		"$3" "$2" "$2" "$3" > "$T/$1.json"
}
for n in 1 2 3 4; do
	eval "id=\$$(printf 'A1 B1 C1 E1' | cut -d' ' -f$n)"
	eval "h=\$H$n"
	visit "v$n" "$id" 2026-09-01
	run as_wang visit record "$h" --json "$T/v$n.json"
	expect_rc 0 "household $n visited"
	run as_wang review submit "$h"
	expect_rc 0 "household $n submitted"
done
run as_li review refuse "$H3" --reason "收入高于当地标准"
expect_rc 0 "li refuses household 3"
for n in 1 2 4; do
	eval "h=\$H$n"
	run as_li review approve "$h"
	expect_rc 0 "li approves household $n"
done
export DOORSTEP_TODAY=2026-10-10
settle

run as_wang notice "$H1" --lang zh_CN
expect_rc 0 "a letter before the county's settings are set"
expect_out "未填写发文机关" "it says the issuing authority is not set"
grep -Eq "wang|li[^a-z]" "$T/out" && fail "a login name in the letter: $(grep -E "wang|li" "$T/out" | head -2)" \
	|| ok "no login name in its place"
run as_li settings set "$T/settings.json"
expect_rc 0 "li sets the county's settings"

# no ASCII word of two letters or more, but for the whitelist of words a
# Chinese letter may quote (none today: the document number is digits)
english_words() { grep -oE '[A-Za-z]{2,}' "$1" | grep -vxE "${2:-^$}" | sort -u | head -5 | tr '\n' ' '; }
# a line that begins with closing punctuation
bad_starts() { sed 's/^[[:space:]]*//' "$1" | grep -nE '^(。|，|、|；|：|）|」|』|》|！|？)' | head -3 | tr '\n' ' '; }

check_letter() { # H NAME WHAT AMOUNT-PATTERN
	h=$1 name=$2 what=$3 amount=$4
	run as_wang notice "$h" --lang zh_CN
	expect_rc 0 "$what: the Chinese letter as text"
	cp "$T/out" "$T/$name-zh.txt"
	expect_out "决定书" "$what: the text is a 决定书"
	expect_out "元" "$what: amounts carry 元"
	expect_out "行政复议" "$what: the text names 行政复议"
	w=$(english_words "$T/$name-zh.txt")
	[ -z "$w" ] && ok "$what: no English word in the Chinese text letter" \
		|| fail "$what: English words in the Chinese text letter: $w"
	# 复核 is re-verification: only "re-verified every N months" may
	# say it (a marginal family's status), never the appeal
	sed 's/复核一次//g' "$T/$name-zh.txt" > "$T/$name-zh-words.txt"
	grep -q "拟定\|以申报为准\|440106\|cn-default\|复核" "$T/$name-zh-words.txt" \
		&& fail "$what: an internal code or a wrong word in the letter: $(grep -o "拟定\|以申报为准\|440106\|cn-default\|复核" "$T/$name-zh-words.txt" | head -2 | tr '\n' ' ')" \
		|| ok "$what: no 拟定, 以申报为准, 复核 (but for re-verification) or internal code in the letter"
	expect_out "广东省广州市天河区" "$what: the region by its name"

	run as_wang notice "$h" --lang zh_CN --pdf "$T/$name-zh.pdf"
	expect_rc 0 "$what: notice --pdf in Chinese"
	[ ! -s "$T/out" ] && ok "$what: --pdf prints nothing" || fail "$what: --pdf printed: $(head -c 200 "$T/out")"
	head -c 5 "$T/$name-zh.pdf" | grep -q '%PDF-' && ok "$what: the file is a PDF" \
		|| fail "$what: not a PDF: $(head -c 20 "$T/$name-zh.pdf" | od -c | head -2)"
	pdfinfo "$T/$name-zh.pdf" 2> /dev/null | grep -q "595.* x 841" && ok "$what: the page is A4" \
		|| fail "$what: the page size: $(pdfinfo "$T/$name-zh.pdf" 2>&1 | grep 'Page size')"
	pdftotext "$T/$name-zh.pdf" "$T/$name-zh.pdf.txt"
	pdftotext -layout "$T/$name-zh.pdf" "$T/$name-zh.layout.txt"
	tr -d ' \n' < "$T/$name-zh.pdf.txt" > "$T/$name-zh.flat"
	for want in "^广州市天河区民政局" "天民低〔2026〕[0-9]{8}(-[0-9]+)+号" "广州市天河区人民政府申请行政复议" "60日" \
		"广州铁路运输法院提起行政诉讼" "6个月" "$amount" "广州市天河区民政局（印章）" "户主" "020-12345678"; do
		grep -Eq -- "$want" "$T/$name-zh.flat" && ok "$what: the Chinese PDF has /$want/" \
			|| fail "$what: the Chinese PDF lacks /$want/: $(head -c 300 "$T/$name-zh.flat")"
	done
	w=$(english_words "$T/$name-zh.pdf.txt")
	[ -z "$w" ] && ok "$what: no English word in the Chinese PDF" \
		|| fail "$what: English words in the Chinese PDF: $w"
	b=$(bad_starts "$T/$name-zh.layout.txt")
	[ -z "$b" ] && ok "$what: no line of the Chinese PDF begins with closing punctuation" \
		|| fail "$what: lines begin with closing punctuation: $b"
	rm -f "$T/page"*
	pdftoppm -r 50 -f 1 -l 1 -png "$T/$name-zh.pdf" "$T/page" 2> "$T/err"
	ls "$T"/page*.png > /dev/null 2>&1 && [ -s "$(ls "$T"/page*.png | head -1)" ] \
		&& ok "$what: pdftoppm renders page 1" || fail "$what: pdftoppm: $(head -c 200 "$T/err")"

	run as_wang notice "$h" --pdf "$T/$name-en.pdf"
	expect_rc 0 "$what: notice --pdf in English"
	pdftotext "$T/$name-en.pdf" "$T/$name-en.pdf.txt"
	tr -s ' \n' '  ' < "$T/$name-en.pdf.txt" > "$T/$name-en.flat"
	for want in "广州市天河区民政局" "administrative reconsideration" "60 days" "administrative lawsuit" "6 months" "yuan" "seal" "Tianhe District"; do
		grep -Eq -- "$want" "$T/$name-en.flat" && ok "$what: the English PDF has /$want/" \
			|| fail "$what: the English PDF lacks /$want/: $(head -c 300 "$T/$name-en.flat")"
	done
}

check_letter "$H1" grant "a grant" "765\.00元"
grep -q "2026年10月" "$T/grant-zh.flat" && ok "the grant: the start month" \
	|| fail "the grant: no start month 2026年10月: $(grep -o '起[^。]*' "$T/grant-zh.flat" | head -2)"
grep -q "765.00 yuan" "$T/grant-en.flat" && ok "the grant: the English amount with its unit" \
	|| fail "the grant: English amount: $(head -c 300 "$T/grant-en.flat")"

check_letter "$H2" reduce "a reduction" "1,165\.00元.*365\.00元"
grep -Eq "800\.00元" "$T/reduce-zh.flat" && ok "the reduction says why: the verified income" \
	|| fail "the reduction gives no reason: $(head -c 400 "$T/reduce-zh.flat")"

check_letter "$H4" withdraw "a withdrawal" "2026年10月：1,165\.00元"
grep -q "恢复" "$T/withdraw-zh.txt" && fail "the withdrawal letter also says the allowance is restored" \
	|| ok "the withdrawal letter does not also say the allowance is restored"

check_letter "$H3" refuse "a refusal" "元"
grep -q "收入高于当地标准" "$T/refuse-zh.txt" && ok "the refusal states its reasons" \
	|| fail "the refusal has no reasons"

# the same letter each time: the document number is the decision's
as_wang notice "$H1" --lang zh_CN > "$T/again.txt" 2> /dev/null
cmp -s "$T/again.txt" "$T/grant-zh.txt" && ok "the letter is the same when printed again" \
	|| fail "the letter changed between two printings"
n1=$(grep -oE '〔2026〕[0-9-]+号' "$T/grant-zh.txt" | head -1)
n2=$(grep -oE '〔2026〕[0-9-]+号' "$T/reduce-zh.txt" | head -1)
[ -n "$n1" ] && [ "$n1" != "$n2" ] && ok "two decisions have two document numbers ($n1, $n2)" \
	|| fail "document numbers: '$n1' and '$n2'"

# no temporary file next to the PDFs; the PDF is private like --out
left=$(ls -a "$T" | grep -E '\.tmp|~$' | head -3)
[ -z "$left" ] && ok "no temporary file is left next to the PDFs" || fail "left behind: $left"
perm=$(stat -c %a "$T/grant-zh.pdf")
[ "$perm" = 600 ] && ok "the PDF is private (0600)" || fail "the PDF is $perm"
run as_wang notice "$H1" --pdf "$T/no-such-folder/letter.pdf"
expect_rc 1 "a PDF into a folder that is not there"
[ -s "$T/err" ] && ok "it says why" || fail "no message"
[ ! -e "$T/no-such-folder" ] && ok "and writes nothing" || fail "it wrote: $(ls "$T/no-such-folder")"

# the derivation in Chinese: no English word (the two identifiers it names,
# the household's id and the policy's version, are taken out first)
run as_wang assess "$H2" --explain --dry-run --lang zh_CN
expect_rc 0 "assess in Chinese"
sed "s/$H2//g; s/cn-default-[0-9.]*//g" "$T/out" > "$T/assess-words.txt"
w=$(english_words "$T/assess-words.txt")
[ -z "$w" ] && ok "no English word in the Chinese derivation" \
	|| fail "English words in the Chinese derivation: $w"
grep -q "改革论文" "$T/out" && ok "the Chinese derivation quotes the Chinese source" \
	|| fail "the Chinese derivation has no Chinese source: $(head -c 300 "$T/out")"
run as_wang assess "$H2" --explain --dry-run
expect_out "Reform paper" "the English derivation quotes the English source"

# a policy file without Chinese sources: the Chinese screen says so, in Chinese
finish
