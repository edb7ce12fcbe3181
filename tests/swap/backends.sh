#!/bin/sh
# Several backends in one daemon: two listeners on two backends that use
# the same plugin file with two state databases serve independently, and
# reloading one backend leaves the other's generation alone.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

cat >"$T/two.conf" <<CONF
[daemon]
runtime_dir = $T/run
pid_file = $T/two.pid
[listener a]
address = unix://$T/a.sock
backend = alpha
[listener b]
address = unix://$T/b.sock
backend = beta
[backend alpha]
plugin = $ACA_PLUGIN
state_db = $T/alpha.db
[backend beta]
plugin = $ACA_PLUGIN
state_db = $T/beta.db
CONF
if ! start_gateway "$T/two.conf" "$T/a.sock"; then
	not_ok "sockerlessd starts with two backends" "$(cat "$T/two.conf.log")"
	tap_done=1
	exit 0
fi
pid=$sl_last_pid
field() {
	curl -s --unix-socket "$1" http://d/info | /usr/bin/python3 -c \
		'import json,sys; print(json.load(sys.stdin)["Sockerless"][sys.argv[1]])' "$2"
}
names() {
	curl -s --unix-socket "$1" http://d/networks | /usr/bin/python3 -c \
		'import json,sys; print(" ".join(sorted(n["Name"] for n in json.load(sys.stdin))))'
}
expect_eq "listener a serves backend alpha" "$(field "$T/a.sock" Backend)" "alpha"
expect_eq "listener b serves backend beta" "$(field "$T/b.sock" Backend)" "beta"
count=$(curl -s --unix-socket "$T/a.sock" http://d/info | /usr/bin/python3 -c \
	'import json,sys; print(len(json.load(sys.stdin)["Sockerless"]["Backends"]))')
expect_eq "/info lists both backends" "$count" "2"

code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$T/a.sock" \
	-H 'Content-Type: application/json' -d '{"Name":"only-in-alpha"}' http://d/networks/create)
expect_eq "a network is created on alpha" "$code" "201"
expect_contains "alpha lists it" "$(names "$T/a.sock")" "only-in-alpha"
case $(names "$T/b.sock") in
*only-in-alpha*) not_ok "beta does not see alpha's network" ;;
*) ok "beta does not see alpha's network" ;;
esac

gen_a=$(field "$T/a.sock" Generation)
gen_b=$(field "$T/b.sock" Generation)
sed -i "s#^state_db = $T/beta.db#&\njob_timeout_s = 120#" "$T/two.conf"
kill -HUP "$pid"
for _ in $(seq 1 50); do
	[ "$(field "$T/b.sock" Generation)" != "$gen_b" ] && break
	sleep 0.1
done
expect_eq "reloading beta's section gives beta a new generation" \
	"$(field "$T/b.sock" Generation)" "$((gen_b + 1))"
expect_eq "and leaves alpha's generation alone" "$(field "$T/a.sock" Generation)" "$gen_a"
expect_contains "the reload says what changed" "$(cat "$T/two.conf.log")" \
	"backend beta: config section changed"
expect_contains "alpha still has its network" "$(names "$T/a.sock")" "only-in-alpha"

# A listener added to the config is opened on reload, a removed one closed.
cat >>"$T/two.conf" <<CONF
[listener c]
address = unix://$T/c.sock
backend = beta
CONF
out=$("$SOCKERLESSD" reload --config "$T/two.conf" 2>&1)
expect_eq "sockerlessd reload signals the daemon named by the pid file" "$out" \
	"reload requested (pid $pid)"
for _ in $(seq 1 50); do [ -S "$T/c.sock" ] && break; sleep 0.1; done
expect_eq "a listener added on reload serves" "$(field "$T/c.sock" Backend)" "beta"
/usr/bin/python3 - "$T/two.conf" <<'PY'
import sys
p = sys.argv[1]
text = open(p).read()
start = text.index("[listener b]")
end = text.index("[backend alpha]")
open(p, "w").write(text[:start] + text[end:])
PY
kill -HUP "$pid"
for _ in $(seq 1 50); do [ ! -S "$T/b.sock" ] && break; sleep 0.1; done
[ ! -S "$T/b.sock" ] && ok "a listener removed on reload is closed" ||
	not_ok "a listener removed on reload is closed"
expect_eq "the others keep serving" "$(field "$T/a.sock" Backend)" "alpha"
stop_gateway "$pid"
expect_eq "the daemon stops cleanly" "$?" "0"
tap_done=1
