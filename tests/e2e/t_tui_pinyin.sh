#!/bin/sh
# t_tui_pinyin.sh — Chinese habits on the caseload, in tmux at 80×24 with
# TERM=xterm-256color and TERM=vt100: m sorts the heads' names in pinyin
# order (阿 陈 李 王 曾 赵: not the order of their bytes, and 曾 as the
# surname zeng, not ceng); /zq finds 张强, a
# member of 王芳's household, and the head 赵琦, saying what matched and
# "n of m"; n and N go between them; full pinyin, mixed pinyin and
# characters, an ID number and the address say what they matched too;
# what matches nothing says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store pinyin
PASS="correct horse battery pinyin"

# add NAME ADDRESS MEMBERS-JSON: a household of our own.
add() {
	cat > "$T/h.json" <<EOF
{"region": "440106", "address": "$2", "members": [$3],
 "assets": {"financial": "800", "vehicles": [], "homes": 1}}
EOF
	run "$D" household add --json "$T/h.json"
	expect_rc 0 "$1's household added"
}
person() { # NAME ID RELATION
	printf '{"name": "%s", "id_number": "%s", "relation": "%s", "categories": [], "able_to_work": false, "incomes": []}' \
		"$1" "$2" "$3"
}
ZQ_ID=$(id18 44010619650304123)
ZQ4=$(printf '%s' "$ZQ_ID" | cut -c15-18)
add 王芳 "石牌街道华师社区12号" "$(person 王芳 "$(id18 44010619670812204)" head), $(person 张强 "$ZQ_ID" spouse)"
add 赵琦 "沙河街道先烈社区3号" "$(person 赵琦 "$(id18 44010619580101331)" head)"
add 李娜 "五山街道茶山社区7号" "$(person 李娜 "$(id18 44010619720506422)" head)"
add 阿明 "员村街道程界社区9号" "$(person 阿明 "$(id18 44010619800909511)" head)"
add 陈静 "天园街道骏景社区21号" "$(person 陈静 "$(id18 44010619751111626)" head)"
# 曾 is ceng to the collator alone, zeng as a surname
add 曾国藩 "林和街道龙口社区5号" "$(person 曾国藩 "$(id18 44010619611203737)" head)"

# heads: the lines of the list (3 to 22), their first word
heads() { sed -n '3,22p' "$T/screen" | awk 'NF { print $1 }' | tr '\n' ' '; }
# wait_heads SESSION WANT: polls until the list's heads are WANT (the
# first sort by name reads the names for pinyin first, which takes a
# moment: the rows that were there before are no sign that it is done).
wait_heads() {
	_end=$(($(now_ms) + 5000))
	while :; do
		shot "$1"
		[ "$(heads)" = "$2" ] && return 0
		[ "$(now_ms)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}
# done_search SESSION: Esc puts the search away (waited for: an Esc and the
# next key sent at once would read as one Alt key), Home to the first row.
done_search() {
	keys "$1" Escape
	wait_gone "$1" '^/' 5
	keys "$1" Home
	wait_for "$1" '^阿明 ' 5
}

for term in xterm-256color vt100; do
	s=$(echo "$term" | tr -dc 'a-z0-9')
	start "$s" 80 24 TERM=$term
	unlock "$s" wang "$PASS"

	# ---- sort by name: pinyin order, not bytes --------------------------------
	keys "$s" m
	wait_heads "$s" "阿明 陈静 李娜 王芳 曾国藩 赵琦 "
	if [ "$(heads)" = "阿明 陈静 李娜 王芳 曾国藩 赵琦 " ]; then
		ok "$term: m sorts by name in pinyin order: a, chen, li, wang, zeng (曾 as a surname), zhao"
	else fail "$term: sorted by name, the heads are '$(heads)', wanted 阿明 陈静 李娜 王芳 曾国藩 赵琦"; dump; fi
	keys "$s" Home
	see_selected "$s" 24 '^阿明 ' "$term: Home: the cursor on the first, 阿明"

	# ---- /zq: initials, a member and a head ---------------------------------
	keys "$s" /
	see "$s" '^/$' "$term: / opens the search line"
	type_text "$s" "zq"
	see "$s" '^/zq$' "$term: zq typed"
	see_selected "$s" 24 '^王芳 ' "$term: /zq moves to 王芳's household, where 张强 is a member"
	screen_has '^  member: 张强  1 of 2$' "$term: the search says it matched the member 张强, the first of 2"
	type_text "$s" "x"
	see "$s" '^  no match$' "$term: /zqx matches nothing, and says so"
	keys "$s" BSpace
	see "$s" '^  member: 张强  1 of 2$' "$term: backspace to /zq: the two matches again"
	keys "$s" Enter
	wait_gone "$s" '^/zq' 5
	see "$s" '^member: 张强  1 of 2$' "$term: Enter keeps the match and says what it was"
	see_selected "$s" 24 '^王芳 ' "$term: ... on 王芳's household"
	keys "$s" n
	see "$s" '^head: 赵琦  2 of 2$' "$term: n goes to the next match, the head 赵琦 (zhao qi), 2 of 2"
	see_selected "$s" 24 '^赵琦 ' "$term: ... the cursor on 赵琦"
	keys "$s" n
	see "$s" '^member: 张强  1 of 2$' "$term: n again goes round to the first"
	keys "$s" N
	see "$s" '^head: 赵琦  2 of 2$' "$term: N goes back round to the last"

	# ---- full pinyin, mixed, Chinese, an ID number, the address --------------
	keys "$s" Home
	see_selected "$s" 24 '^阿明 ' "$term: Home, back on 阿明"
	keys "$s" /
	type_text "$s" "zhangqiang"
	see "$s" '^  member: 张强  1 of 1$' "$term: /zhangqiang: full pinyin finds 张强 alone"
	see_selected "$s" 24 '^王芳 ' "$term: ... in 王芳's household"
	done_search "$s"
	keys "$s" /
	type_text "$s" "zhang"
	see "$s" '^  member: 张强  1 of 1$' "$term: /zhang finds 张强 too"
	done_search "$s"
	keys "$s" /
	type_text "$s" "张q"
	see "$s" '^  member: 张强  1 of 1$' "$term: /张q, a character then pinyin, finds 张强"
	done_search "$s"
	keys "$s" /
	type_text "$s" "张强"
	see "$s" '^  member: 张强  1 of 1$' "$term: /张强 as typed finds 张强"
	done_search "$s"
	keys "$s" /
	type_text "$s" "lina"
	see "$s" '^  head: 李娜  1 of 1$' "$term: /lina finds the head 李娜"
	see_selected "$s" 24 '^李娜 ' "$term: ... the cursor on 李娜"
	done_search "$s"
	keys "$s" /
	type_text "$s" "$ZQ4"
	see "$s" "^  ID number: \\*{14}$ZQ4  1 of 1\$" "$term: the last 4 of 张强's ID number: the ID number matched, masked"
	see_selected "$s" 24 '^王芳 ' "$term: ... in 王芳's household"
	screen_lacks "$ZQ_ID" "$term: the full ID number is not shown"
	done_search "$s"
	keys "$s" /
	type_text "$s" "先烈"
	see "$s" '^  address: 沙河街道先烈社区3号  1 of 1$' "$term: an address finds 赵琦's household and says the address matched"
	see_selected "$s" 24 '^赵琦 ' "$term: ... the cursor on 赵琦"
	done_search "$s"
	keys "$s" /
	type_text "$s" "qz"
	see "$s" '^  no match$' "$term: /qz (the wrong order) matches nothing"
	keys "$s" Enter
	see "$s" '^Not found: qz$' "$term: Enter on no match says Not found"

	keys "$s" Q
	exited "$s" "$term: Q leaves"
done

finish
