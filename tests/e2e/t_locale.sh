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
