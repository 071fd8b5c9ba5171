# t_locale.sh — the Chinese catalogue is complete for the sources as they
# are now (nothing untranslated or fuzzy), and the language switches work:
# LANG=zh_CN.UTF-8 (installed or not), --lang, and English under C.UTF-8.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

# Extract the messages from today's sources and merge them into the
# catalogue: every one must already have a translation.
(cd "$top" && xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 --add-comments=L10N: \
	-o "$T/now.pot" core/*.[ch] store/*.[ch] tui/*.[ch]) 2> "$T/xgettext.err"
msgmerge -q --no-fuzzy-matching -o "$T/merged.po" "$top/locale/zh_CN.po" "$T/now.pot" 2>/dev/null
stats=$(msgfmt --statistics -o /dev/null "$T/merged.po" 2>&1)
case $stats in
*untranslated*|*fuzzy*) fail "zh_CN.po is incomplete for the current sources: $stats" ;;
*translated*) ok "zh_CN.po translates every message of the sources ($stats)" ;;
*) fail "msgfmt said: $stats" ;;
esac
stats=$(msgfmt --check --statistics -o /dev/null "$top/locale/zh_CN.po" 2>&1)
case $stats in
*untranslated*|*fuzzy*) fail "zh_CN.po has untranslated or fuzzy entries: $stats" ;;
*) ok "zh_CN.po itself has no untranslated or fuzzy entries and passes msgfmt --check" ;;
esac

# The words (DOMAIN.md): 复核 is the periodic re-verification only, the
# household's appeal is 申诉 (and the one who decides it 审理人), and a
# home visit is 入户调查. Every message about an appeal or its reviewer
# is translated without 复核, unless it also speaks of re-verification;
# no visit is 走访.
msgcat --no-wrap -o "$T/nowrap.po" "$top/locale/zh_CN.po"
awk '
	/^msgid "/ { id = $0; next }
	/^msgstr/ {
		if (id ~ /[Aa]ppeal|[Rr]eviewer/ && id !~ /[Rr]e-verif/ && $0 ~ /复核/)
			print "appeal as 复核: " id " -> " $0
		if (id ~ /[Vv]isit/ && $0 ~ /走访/)
			print "visit as 走访: " id " -> " $0
	}' "$T/nowrap.po" > "$T/words"
n_appeal=$(grep -c '^msgid ".*[Aa]ppeal' "$T/nowrap.po")
if [ ! -s "$T/words" ] && [ "$n_appeal" -gt 20 ]; then
	ok "no appeal or reviewer message uses 复核, no visit is 走访 ($n_appeal messages about appeals)"
else fail "wrong words in zh_CN.po ($n_appeal appeal messages): $(head -c 600 "$T/words")"; fi
grep -q '^msgstr "申诉"$' "$T/nowrap.po" && ok "\"appeal\" is 申诉" || fail "\"appeal\" is not 申诉"
grep -A1 '^msgid "re-verification visit"$' "$T/nowrap.po" | grep -q '^msgstr "复核入户调查"$' \
	&& ok "a re-verification visit is 复核入户调查" || fail "re-verification visit: $(grep -A1 '^msgid "re-verification visit"$' "$T/nowrap.po" | tail -1)"

new_store loc
bad=$(passfile bad "not the passphrase")
run env DOORSTEP_PASSPHRASE_FILE="$bad" LANG=zh_CN.UTF-8 "$D" household list
expect_rc 3 "wrong passphrase under LANG=zh_CN.UTF-8"
expect_err '口令错误' "the message is in Chinese under LANG=zh_CN.UTF-8"
run env DOORSTEP_PASSPHRASE_FILE="$bad" "$D" household list --lang zh_CN
expect_err '口令错误' "--lang zh_CN gives Chinese"
run env DOORSTEP_PASSPHRASE_FILE="$bad" LANG=zh_CN.UTF-8 "$D" --lang en household list
expect_err 'wrong passphrase' "--lang en gives English over LANG=zh_CN.UTF-8"
run env DOORSTEP_PASSPHRASE_FILE="$bad" LANG=C.UTF-8 "$D" household list
expect_err 'wrong passphrase for wang' "LANG=C.UTF-8 gives English"

# Columns line up in display cells with Chinese text: every row of the
# table is as wide as its header.
run "$D" demo --households 12 --seed 4
run env LANG=zh_CN.UTF-8 COLUMNS=100 "$D" household list
expect_rc 0 "Chinese caseload listing"
expect_out '户主' "the header is in Chinese"
widths=$(head -n 13 "$T/out" | while IFS= read -r line; do
	printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
if [ "$widths" -eq 1 ]; then ok "every row has the same display width"
else fail "rows differ in display width: $(head -n 13 "$T/out" | while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L; done | tr '\n' ' ')"; fi
finish
