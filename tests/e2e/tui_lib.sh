# tui_lib.sh — driving the terminal interface in tmux, for the t_tui*.sh
# scripts: a private tmux server, the program started in a pinned
# environment, screens captured and polled, keys sent. Source after lib.sh.
if ! command -v tmux > /dev/null 2>&1; then
	fail "tmux is not installed (make deps installs it)"
	finish
	exit 1
fi

# A private tmux server: its socket lives in $T, and it goes at exit, even
# on failure or interruption.
SOCK="$T/tmux.sock"
cleanup() { tmux -S "$SOCK" kill-server > /dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
cat > "$T/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g history-limit 100
EOF
tm() { tmux -u -S "$SOCK" -f "$T/tmux.conf" "$@"; }
ESC=$(printf '\033')

now_ms() { date +%s%N | cut -c1-13; }

# start NAME COLS ROWS [VAR=VALUE...]: the program with no arguments (or
# with $DARGS) in a new tmux session NAME, in a pinned environment
# (LANG=C.UTF-8 and TERM=xterm-256color unless given); its exit status
# goes to $T/NAME.rc.
start() {
	name=$1 cols=$2 rows=$3
	shift 3
	rm -f "$T/$name.rc"
	{
		echo '#!/bin/sh'
		printf 'env -i PATH=%s HOME=%s TZ=%s LANG=C.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color' \
			"/usr/local/bin:/usr/bin:/bin" "$HOME" "$TZ"
		printf ' DOORSTEP_TODAY=%s DOORSTEP_STORE=%s' "$DOORSTEP_TODAY" "$DOORSTEP_STORE"
		for v in "$@"; do printf ' %s' "$v"; done
		printf ' %s %s\n' "$D" "${DARGS:-}"
		printf 'echo $? > %s\n' "$T/$name.rc"
	} > "$T/$name.sh"
	tm new-session -d -s "$name" -x "$cols" -y "$rows" "sh $T/$name.sh"
}

# shot NAME: the screen as text in $T/screen.
shot() { tm capture-pane -p -t "$1" > "$T/screen" 2> /dev/null; }

# wait_for NAME ERE [SECONDS]: polls the screen until a line matches; the
# last screen is in $T/screen. Fails after SECONDS (default 15).
wait_for() {
	_end=$(($(now_ms) + ${3:-15} * 1000))
	while :; do
		shot "$1"
		grep -Eq -- "$2" "$T/screen" && return 0
		[ "$(now_ms)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

# wait_gone NAME ERE [SECONDS]: polls until no line matches.
wait_gone() {
	_end=$(($(now_ms) + ${3:-15} * 1000))
	while :; do
		shot "$1"
		grep -Eq -- "$2" "$T/screen" || return 0
		[ "$(now_ms)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

dump() { sed -n '1,40s/^/#   | /p' "$T/screen"; }

# see NAME ERE DESCRIPTION [SECONDS]: a check that the screen comes to show ERE.
see() {
	if wait_for "$1" "$2" "${4:-15}"; then ok "$3"
	else fail "$3: the screen never showed /$2/; it shows:"; dump; fi
}

# screen_has / screen_lacks ERE DESCRIPTION: the last screen, as it is.
screen_has() {
	if grep -Eq -- "$1" "$T/screen"; then ok "$2"
	else fail "$2: the screen lacks /$1/:"; dump; fi
}
screen_lacks() {
	if grep -Eq -- "$1" "$T/screen"; then fail "$2: the screen shows /$1/:"; dump
	else ok "$2"; fi
}

# line N: line N of the last screen.
line() { sed -n "$1p" "$T/screen"; }

# selected NAME ROWS: the rows of the list drawn in reverse video (the
# cursor), as text; lines 3 to ROWS-2 (under the title and the header,
# above the message and hint lines).
selected() {
	tm capture-pane -p -e -t "$1" |
		sed -n "3,$(($2 - 2))p" |
		grep -E "$ESC\\[([0-9]+;)*7(;[0-9]+)*m" |
		sed "s/$ESC\\[[0-9;]*m//g"
}

# see_selected NAME ROWS ERE DESCRIPTION: the cursor row comes to match ERE.
see_selected() {
	_end=$(($(now_ms) + 15000))
	while :; do
		selected "$1" "$2" > "$T/sel"
		if [ "$(wc -l < "$T/sel")" -eq 1 ] && grep -Eq -- "$3" "$T/sel"; then
			ok "$4"
			return
		fi
		if [ "$(now_ms)" -ge "$_end" ]; then
			fail "$4: the highlighted row is '$(cat "$T/sel")', wanted /$3/"
			return
		fi
		sleep 0.05
	done
}

keys() { _s=$1; shift; tm send-keys -t "$_s" "$@"; }
type_text() { tm send-keys -t "$1" -l -- "$2"; }

# same_screen FILE NAME DESCRIPTION: the screen is, cell for cell, the one in FILE.
same_screen() {
	shot "$2"
	if cmp -s "$1" "$T/screen"; then ok "$3"
	else
		fail "$3: the screen differs:"
		diff "$1" "$T/screen" | sed -n '1,30s/^/#   /p'
	fi
}

# exited NAME DESCRIPTION: the program ended (the pane is dead) with status 0.
exited() {
	_end=$(($(now_ms) + 10000))
	while [ "$(tm list-panes -t "$1" -F '#{pane_dead}' 2> /dev/null)" != 1 ]; do
		if [ "$(now_ms)" -ge "$_end" ]; then
			fail "$2: the program is still running"
			shot "$1"
			dump
			return
		fi
		sleep 0.05
	done
	if [ "$(cat "$T/$1.rc" 2> /dev/null)" = 0 ]; then ok "$2 (exit 0)"
	else fail "$2: exit status '$(cat "$T/$1.rc" 2> /dev/null)'"; fi
	tm kill-session -t "$1" 2> /dev/null
}

# unlock NAME USER PASSPHRASE: types the passphrase once it is asked for and
# waits for the caseload.
unlock() {
	see "$1" "^  Passphrase for $2: *$" "$1: the passphrase for $2 is asked for"
	type_text "$1" "$3"
	keys "$1" Enter
	see "$1" '^[0-9]+/[0-9]+ all: ' "$1: the right passphrase opens the caseload"
	wait_for "$1" '^\? help ' 10 # the whole screen drawn
}

