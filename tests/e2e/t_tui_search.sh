#!/bin/sh
# t_tui_search.sh — search on pages of text (the household file, help):
# / searches as it is typed, letters of either case alike, Enter keeps the
# place and says "line n of m", n and N go to the next and previous line
# holding it, round the end, Esc puts the search away where it began, a
# capital letter is part of the query, and what nothing holds says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui_lib.sh"

new_store search wang assistant
WANG="correct horse battery search"
export DOORSTEP_USER=wang
P=$(id18 44010619700101001)
Q=$(id18 44010619800101002)
printf '{"region":"440106","address":"石牌街道1号","members":[{"name":"王甲","id_number":"%s","relation":"head","categories":[],"able_to_work":false,"incomes":[]},{"name":"李乙","id_number":"%s","relation":"spouse","categories":[],"able_to_work":true,"incomes":[{"source":"wages","monthly":"800.00"}]}],"assets":{"financial":"300","vehicles":[],"homes":1}}\n' "$P" "$Q" > "$T/h.json"
H=$("$D" household add --json "$T/h.json")
[ -n "$H" ] && ok "a household of two" || fail "household add"

for term in vt100 xterm-256color; do
	start s 80 24 TERM=$term
	unlock s wang "$WANG"
	keys s Enter
	see s '王甲' "$term: the household opens"
	keys s ? 
	see s '^Help: the keys of this screen' "$term: help"
	screen_lacks '^  Enter ' "$term: help lists no Enter: it opens nothing on a household"
	keys s End
	see s '^  n +next match' "$term: help lists n (the page can be searched)"
	keys s q
	screen_lacks 'Enter open' "$term: nor does the hint bar"
	keys s Enter
	see s '^That key does nothing on this screen; press \? for its keys\.' "$term: Enter says it does nothing here"
	keys s /
	see s '^/$' "$term: / opens the search line"
	type_text s "ABLE"
	see s '^/ABLE$' "$term: capitals are part of the query"
	screen_has "^  王甲 .*able to work" "$term: as it is typed, the page moves to the first line holding it"
	keys s Enter
	see s 'line 1 of 2 that hold it' "$term: Enter keeps the place and says which of how many"
	first=$(sed -n 2p "$T/screen")
	keys s n
	see s 'line 2 of 2 that hold it' "$term: n goes to the next line holding it"
	keys s N
	see s 'line 1 of 2 that hold it' "$term: N goes back"
	keys s /
	type_text s "nothing like this"
	keys s Enter
	see s '^Not found: nothing like this' "$term: what no line holds says so"
	keys s /
	type_text s "wages"
	keys s Escape
	sleep 0.3
	shot s
	screen_lacks '^/wages' "$term: Esc puts the search line away"
	keys s q
	see s '^1/1 ' "$term: q goes back to the caseload; the program is still open"
	keys s Q
	exited s "$term: Q leaves"
done
finish
