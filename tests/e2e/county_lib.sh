# county_lib.sh — a county server for the t_sync*.sh scripts: doorstep-county
# serve started on a free port of 127.0.0.1 and stopped at exit. Source
# after lib.sh; set CP (the county's passphrase file) first.

C="$BUILD/doorstep-county"
SERVER_PID=""
stop_server() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2> /dev/null && wait "$SERVER_PID" 2> /dev/null
	SERVER_PID=""
}
trap 'stop_server; rm -rf "$T"' EXIT INT TERM

# start_server [DATA]: serves the county in DATA (default $T/county) on a
# free port (PORT when set and free); sets SERVER_PID, PORT and URL.
start_server() {
	_data=${1:-$T/county}
	for try in 1 2 3 4 5 6 7 8; do
		PORT=${PORT:-$((20000 + ($$ + try * 97) % 20000))}
		DOORSTEP_PASSPHRASE_FILE="$CP" "$C" serve --data "$_data" --listen "127.0.0.1:$PORT" \
			2> "$T/serve.log" &
		SERVER_PID=$!
		_i=0
		while [ $_i -lt 50 ]; do
			if grep -q "serving on" "$T/serve.log" 2> /dev/null; then
				URL="http://127.0.0.1:$PORT"
				return 0
			fi
			kill -0 "$SERVER_PID" 2> /dev/null || break
			sleep 0.1
			_i=$((_i + 1))
		done
		stop_server
		PORT=""
	done
	return 1
}
