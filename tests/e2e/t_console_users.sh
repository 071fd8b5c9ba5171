#!/bin/sh
# t_console_users.sh — office accounts managed from the console's /users
# page with curl against a real doorstep-county serve on 127.0.0.1: the
# admin adds an officer, who then logs in; a short password, two
# passwords that differ, an unknown role, a name taken and a name no
# account may have are each refused on the page naming the field, nothing
# written (`user list --json` unchanged); an officer posting to the
# action is refused (403, logged); a post without the CSRF token is
# refused (403, logged); a disabled account is logged out at its next
# request and the admin may not disable their own; a new password works
# and the old one no longer does; the office log has each action's line
# and no password anywhere; the page in Chinese.
. "$(dirname "$0")/lib.sh"

CP=$(passfile pass-county "the county keeps this one safe")
AP=$(passfile pass-admin "the admin's office password")
OP=$(passfile pass-office "the officer's office password")
. "$(dirname "$0")/county_lib.sh"
. "$(dirname "$0")/console_lib.sh"

county() { cmd=$1; shift; DOORSTEP_PASSPHRASE_FILE="$CP" "$C" "$cmd" --data "$T/county" "$@"; }
step() { what=$1; shift; run "$@"; [ "$rc" -eq 0 ] || fail "$what: exit $rc: $(head -c 300 "$T/err")"; }
users() { county user list --json 2> /dev/null; }
# the one-line refusal the page shows
err_line() { sed -n 's/.*<p class="err" id="error">\([^<]*\)<.*/\1/p' "$T/b"; }

ANA_PW="ana's first password"
ANA_NEW="ana's second password"
BOB_PW="bob reads the roll"

export DOORSTEP_TODAY=2026-11-27
step "county" county init
DOORSTEP_OFFICE_PASSWORD_FILE="$AP" step "root (admin)" county user add root --role admin
DOORSTEP_OFFICE_PASSWORD_FILE="$OP" step "olga (officer)" county user add olga --role officer
start_server || { fail "the server did not start: $(cat "$T/serve.log")"; finish; exit 1; }

login adm root "the admin's office password"
[ "$code" = 303 ] && ok "root (admin) logs in" || fail "root login: $code"

# ---- the page and its forms -------------------------------------------------------------
req adm GET /users
[ "$code" = 200 ] && grep -q '<tr data-user="olga" data-disabled="0">' "$T/b" && ok "/users lists the accounts" \
	|| fail "/users: $code"
grep -q 'action="/users/add"' "$T/b" && grep -q '<option value="officer">' "$T/b" && grep -q '<option value="approver">' "$T/b" \
	&& grep -q '<option value="admin">' "$T/b" && ok "an add form with the three roles" || fail "no add form"
[ "$(grep -o '<input type="password" name="password[2]*" autocomplete="new-password"' "$T/b" | wc -l)" = 4 ] \
	&& ok "its passwords (and the new password form's) are type=password, autocomplete=new-password" \
	|| fail "password inputs: $(grep -o '<input type="password"[^>]*>' "$T/b")"
grep -q '<tr data-user="root"[^>]*>.*your account' "$T/b" && ! grep -q 'name="name" value="root"' "$T/b" \
	&& ok "root's own row has no disable button" || fail "root's row"
ROOT_TOK=$(csrf) # (login() sets $tok: a name of its own)

# add: POST /users/add NAME ROLE PASSWORD PASSWORD2 [JAR [TOKEN]]
add() {
	req "${5:-adm}" POST /users/add --data-urlencode "csrf=${6-$ROOT_TOK}" --data-urlencode "name=$1" \
		--data-urlencode "role=$2" --data-urlencode "password=$3" --data-urlencode "password2=$4"
}

# ---- adding an officer, who logs in ----------------------------------------------------------
add ana officer "$ANA_PW" "$ANA_PW"
[ "$code" = 303 ] && grep -qi '^location: /users?done=added' "$T/h" && ok "the admin adds ana (303 back to /users)" \
	|| fail "add ana: $code $(err_line)"
req adm GET /users?done=added
grep -q '<tr data-user="ana" data-disabled="0"><td>ana</td><td>officer</td>' "$T/b" && grep -q 'id="done"' "$T/b" \
	&& ok "... listed as an officer, the page saying so" || fail "ana not listed"
[ "$(users | python3 -c "import json,sys; print([(u['role'], u['disabled']) for u in json.load(sys.stdin) if u['name'] == 'ana'])")" = "[('officer', False)]" ] \
	&& ok "user list --json: ana, officer" || fail "user list: $(users)"
hash=$("$TOOLS/sqlpoke" "$T/county/store/store.db" query "select hash from office_user where name = 'ana'")
case $hash in '$argon2id$'*) ok "her password kept as its Argon2id hash" ;; *) fail "hash: $hash" ;; esac
expect_log "^root action user.add ana 303 ok$" "the office log: root action user.add ana 303 ok"
login ana ana "$ANA_PW"
[ "$code" = 303 ] && ok "ana logs in with the password the admin set" || fail "ana login: $code"

# ---- refusals: the field named on the page, nothing written -------------------------------------
before=$(users)
nlog=$(office_log | wc -l)
refuse() { # DESCRIPTION LABEL LOGGED [add args]
	d=$1 label=$2 logged=$3
	shift 3
	add "$@"
	e=$(err_line)
	case $code:$e in
	"400:$label: "*) ok "$d: refused on the page ($e)" ;;
	*) fail "$d: $code, error line '$e'" ;;
	esac
	expect_log "^root action $logged\$" "... logged: $logged"
}
refuse "a password of 9 characters" Password "user.add cat 400 password" cat officer 123456789 123456789
refuse "two passwords that differ" "Password again" "user.add cat 400 password2" cat officer "cat's long password" "cat's long passw0rd"
refuse "an unknown role" Role "user.add cat 400 role" cat boss "cat's long password" "cat's long password"
refuse "a name taken" Name "user.add ana 400 name" ana approver "another long password" "another long password"
refuse "a name no account may have" Name "user.add \\? 400 name" "a b<c>" officer "cat's long password" "cat's long password"
add cat boss "cat's long password" "cat's long password"
grep -q 'name="name" value="cat"' "$T/b" && ok "the refused form keeps the name typed" || fail "name not kept"
grep -q "cat's long password" "$T/b" && fail "the page sends the password back" || ok "... but never a password"
[ "$(users)" = "$before" ] && ok "nothing written: user list --json unchanged" || fail "accounts changed: $(users)"
[ "$(office_log | wc -l)" -eq $((nlog + 6)) ] && ok "... and only the six refusals' lines in the office log" \
	|| fail "log lines: $nlog then $(office_log | wc -l)"

# ---- who may ----------------------------------------------------------------------------------
req ana GET /users
[ "$code" = 403 ] && ok "an officer may not see /users (403)" || fail "officer /users: $code"
req ana GET /
atok=$(csrf)
add eve admin "eve's long password" "eve's long password" ana "$atok"
[ "$code" = 403 ] && ok "an officer posting to /users/add is refused (403)" || fail "officer add: $code"
expect_log "^ana refused user.add 403 role$" "... and logged"
req ana POST /users/passwd --data-urlencode "csrf=$atok" --data-urlencode "name=root" \
	--data-urlencode "password=ana wants root's" --data-urlencode "password2=ana wants root's"
[ "$code" = 403 ] && expect_log "^ana refused user.passwd 403 role$" "an officer setting root's password: 403, logged" \
	|| fail "officer passwd: $code"
add eve admin "eve's long password" "eve's long password" adm ""
[ "$code" = 403 ] && ok "the admin's POST without the CSRF token is refused (403)" || fail "no csrf: $code"
expect_log "^root refused user.add 403 csrf$" "... and logged"
add eve admin "eve's long password" "eve's long password" adm "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
[ "$code" = 403 ] && ok "... and with another token" || fail "wrong csrf: $code"
users | grep -q '"eve"' && fail "eve was added" || ok "no eve in user list"

# ---- disabling ----------------------------------------------------------------------------------
add bob approver "$BOB_PW" "$BOB_PW"
[ "$code" = 303 ] && ok "the admin adds bob, an approver" || fail "add bob: $code $(err_line)"
login bob bob "$BOB_PW"
req bob GET /roll
[ "$code" = 200 ] && ok "bob logs in and sees the roll" || fail "bob: $code"
req adm GET /users
grep -q '<input type="hidden" name="name" value="bob">' "$T/b" && ok "bob's row has a disable button" || fail "no disable button"
req adm POST /users/disable --data-urlencode "csrf=$ROOT_TOK" --data-urlencode "name=bob"
[ "$code" = 303 ] && grep -qi '^location: /users?done=disabled' "$T/h" && ok "root disables bob (303)" || fail "disable: $code $(err_line)"
expect_log "^root action user.disable bob 303 ok$" "... logged"
req bob GET /roll
[ "$code" = 303 ] && grep -qi '^location: /login' "$T/h" && ok "bob is logged out at his next request" || fail "bob after disable: $code"
expect_log "^bob session account disabled 303 login$" "... logged"
login bob bob "$BOB_PW"
[ "$code" = 401 ] && ok "... and cannot log in again" || fail "bob login: $code"
users | python3 -c "import json,sys; sys.exit(0 if [u['disabled'] for u in json.load(sys.stdin) if u['name'] == 'bob'] == [True] else 1)" \
	&& ok "user list --json: bob disabled" || fail "bob: $(users)"
req adm GET /users
grep -q '<tr data-user="bob" data-disabled="1">' "$T/b" && ! grep -q 'name="name" value="bob"' "$T/b" \
	&& ok "the page shows bob disabled, without a button" || fail "bob's row"
req adm POST /users/disable --data-urlencode "csrf=$ROOT_TOK" --data-urlencode "name=bob"
[ "$code" = 303 ] && expect_log "^root action user.disable bob 303 already$" "disabling him again: nothing changes, logged as already" \
	|| fail "again: $code"
req adm POST /users/disable --data-urlencode "csrf=$ROOT_TOK" --data-urlencode "name=root"
e=$(err_line)
case $code:$e in 400:Name:*"your own account"*) ok "root may not disable their own account ($e)" ;; *) fail "self: $code '$e'" ;; esac
expect_log "^root action user.disable root 400 name$" "... logged"
req adm POST /users/disable --data-urlencode "csrf=$ROOT_TOK" --data-urlencode "name=nobody"
[ "$code" = 400 ] && err_line | grep -q "^Name: there is no office account" && ok "disabling no account: refused naming it" || fail "nobody: $code"
req adm GET /users
[ "$code" = 200 ] && ok "root is still in" || fail "root after: $code"

# ---- a new password --------------------------------------------------------------------------------
passwd() { req adm POST /users/passwd --data-urlencode "csrf=$ROOT_TOK" --data-urlencode "name=$1" --data-urlencode "password=$2" --data-urlencode "password2=$3"; }
before=$(users)
oldhash=$("$TOOLS/sqlpoke" "$T/county/store/store.db" query "select hash from office_user where name = 'ana'")
passwd ana "$ANA_NEW" "ana's other password"
[ "$code" = 400 ] && [ "$(err_line)" = "Password again: is not the same as the password" ] \
	&& ok "new passwords that differ: refused naming the field" || fail "passwd mismatch: $code $(err_line)"
passwd ana short short
[ "$code" = 400 ] && err_line | grep -q "^Password: " && ok "a short new password: refused naming the field" || fail "short: $code"
passwd nobody "$ANA_NEW" "$ANA_NEW"
[ "$code" = 400 ] && err_line | grep -q "^Name: " && ok "no such account: refused naming the field" || fail "nobody: $code"
[ "$("$TOOLS/sqlpoke" "$T/county/store/store.db" query "select hash from office_user where name = 'ana'")" = "$oldhash" ] \
	&& [ "$(users)" = "$before" ] && ok "... nothing written" || fail "written"
passwd ana "$ANA_NEW" "$ANA_NEW"
[ "$code" = 303 ] && grep -qi '^location: /users?done=passwd' "$T/h" && ok "root sets ana a new password (303)" || fail "passwd: $code $(err_line)"
expect_log "^root action user.passwd ana 303 ok$" "... logged"
login ana2 ana "$ANA_PW"
[ "$code" = 401 ] && ok "ana's old password no longer works" || fail "old password: $code"
login ana3 ana "$ANA_NEW"
[ "$code" = 303 ] && ok "her new one does" || fail "new password: $code"

# ---- Chinese ----------------------------------------------------------------------------------------
req adm GET "/users?lang=zh_CN"
grep -q "添加办公账户" "$T/b" && grep -q "设置新密码" "$T/b" && grep -q ">停用<" "$T/b" && ok "the page in Chinese" || fail "no Chinese"
add dan officer "dan's long password" "dan's other password"
[ "$code" = 400 ] && [ "$(err_line)" = "再次输入密码: 与密码不一致" ] && ok "a refusal in Chinese names the field ($(err_line))" \
	|| fail "Chinese refusal: $code '$(err_line)'"

# ---- no password anywhere -------------------------------------------------------------------------
leak=""
for pw in "$ANA_PW" "$ANA_NEW" "$BOB_PW" "cat's long password" "eve's long password" "dan's long password" 123456789; do
	office_log | grep -qF -- "$pw" && leak="$leak office-log:$pw"
	grep -qF -- "$pw" "$T/serve.log" && leak="$leak server-log:$pw"
	grep -qaF -- "$pw" "$T/county/store/store.db" && leak="$leak store:$pw"
done
[ -z "$leak" ] && ok "no password in the office log, the server's log or the store" || fail "passwords found:$leak"

stop_server
grep -q "Sanitizer" "$T/serve.log" && fail "the server's sanitizer said: $(grep -A5 Sanitizer "$T/serve.log" | head -c 600)" \
	|| ok "the server stopped without a sanitizer report (under a sanitizer build)"
finish
