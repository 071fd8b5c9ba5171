# console_lib.sh — curl helpers for the web console's tests: requests with
# a cookie jar, the CSRF token of the page, logging in, and the office log
# as the county's store holds it. Source after lib.sh and county_lib.sh;
# start_server sets $URL.

# req JAR METHOD PATH [curl args]: the answer's status in $code, headers in
# $T/h, body in $T/b; the browser asks for English unless AL says otherwise
req() {
	jar=$1 method=$2 path=$3
	shift 3
	code=$(curl -s -X "$method" -o "$T/b" -D "$T/h" -b "$T/$jar" -c "$T/$jar" -w '%{http_code}' \
		-H "Accept-Language: ${AL-en}" "$@" "$URL$path")
}
# csrf: the CSRF token of the page in $T/b (every form of a session has the same)
csrf() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1; }
# login JAR NAME PASSWORD: the login form, then its POST ($code 303 when it worked)
login() {
	req "$1" GET /login
	tok=$(csrf)
	req "$1" POST /login --data-urlencode "csrf=$tok" --data-urlencode "name=$2" --data-urlencode "password=$3"
}

# office_log: the office log's lines, oldest first, as "user kind what outcome"
# (read from the file with sqlpoke: the test tools must be built)
office_log() { "$TOOLS/sqlpoke" "${COUNTY_DATA:-$T/county}/store/store.db" query "select user || ' ' || kind || ' ' || what || ' ' || outcome from office_log order by seq"; }
# expect_log PATTERN DESCRIPTION: grep -E over the office log
expect_log() {
	if office_log | grep -Eq -- "$1"; then ok "$2"
	else fail "$2: the office log lacks /$1/: $(office_log | tail -n 5 | tr '\n' '|')"; fi
}
