#!/bin/sh
# sockerlessd start-up: the loader's refusals, config errors, listeners.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

# expect_refused DESC WANT-IN-STDERR CONFIG: sockerlessd must exit 1 and say why.
expect_refused() {
	"$SOCKERLESSD" --config "$3" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -qF -- "$2" "$T/err"; then
		ok "$1"
	else
		not_ok "$1" "exit status $rc" "stderr: $(cat "$T/err")" "want: $2"
	fi
}

write_config "$T/missing.conf" "$T/no-such-plugin.so"
expect_refused "a missing plugin file stops start-up" "no-such-plugin.so: No such file" \
	"$T/missing.conf"

write_config "$T/noentry.conf" "$TEST_PLUGINS/tp_noentry.so"
expect_refused "a plugin without the entry symbol stops start-up" \
	"does not export sl_plugin_entry" "$T/noentry.conf"

write_config "$T/major.conf" "$TEST_PLUGINS/tp_major.so"
expect_refused "a plugin of another ABI major is refused, naming the field" \
	"refused: abi_major is 2" "$T/major.conf"

write_config "$T/newer.conf" "$TEST_PLUGINS/tp_newer_minor.so"
expect_refused "a plugin with a newer ABI minor is refused, naming the field" \
	"refused: abi_minor is" "$T/newer.conf"

write_config "$T/older.conf" "$TEST_PLUGINS/tp_older_minor.so"
out=$("$SOCKERLESSD" --config "$T/older.conf" --check-config 2>&1)
expect_eq "a plugin with an older ABI minor is accepted" "$out" "$T/older.conf: OK"

write_config "$T/initfail.conf" "$TEST_PLUGINS/tp_initfail.so"
expect_refused "a plugin whose init fails stops start-up with its reason" \
	"init failed: test plugin refuses to start" "$T/initfail.conf"

write_config "$T/pluginkey.conf" "$TEST_PLUGINS/tp_good.so" "bogus = 1"
expect_refused "a key the plugin does not know stops start-up" "unknown key" \
	"$T/pluginkey.conf"

write_config "$T/acakey.conf" "$ACA_PLUGIN" "state_db = $T/aca.db" "colour = blue"
expect_refused "the aca plugin names file and line of an unknown key" \
	"$T/acakey.conf:10: unknown key \"colour\"" "$T/acakey.conf"

write_config "$T/gwkey.conf" "$TEST_PLUGINS/tp_good.so"
printf '[daemon]\nlisten_everywhere = yes\n' >>"$T/gwkey.conf"
expect_refused "an unknown gateway key stops start-up with file and line" \
	"$T/gwkey.conf:10: unknown key \"listen_everywhere\" in [daemon]" "$T/gwkey.conf"

expect_refused "a missing config file stops start-up" "$T/nope.conf: cannot open" "$T/nope.conf"

cat >"$T/tcp.conf" <<CONF
[daemon]
runtime_dir = $T/run
[listener open]
address = tcp://0.0.0.0:23759
backend = b
[backend b]
plugin = $TEST_PLUGINS/tp_good.so
CONF
expect_refused "a TCP listener on a non-loopback address without TLS is refused" \
	"refusing to serve tcp://0.0.0.0:23759 without TLS" "$T/tcp.conf"

port=$((20000 + $$ % 20000))
cat >"$T/loop.conf" <<CONF
[daemon]
runtime_dir = $T/run
[listener loop]
address = tcp://127.0.0.1:$port
backend = b
[backend b]
plugin = $TEST_PLUGINS/tp_good.so
CONF
"$SOCKERLESSD" --config "$T/loop.conf" >"$T/loop.log" 2>&1 &
pid=$!
sl_pids="$sl_pids $pid"
body=""
for _ in $(seq 1 50); do
	body=$(curl -s "http://127.0.0.1:$port/_ping" 2>/dev/null) && [ -n "$body" ] && break
	sleep 0.1
done
expect_eq "a loopback TCP listener serves without TLS" "$body" "OK"
stop_gateway "$pid"

if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
	tport=$((port + 1))
	cat >"$T/tls.conf" <<CONF
[daemon]
runtime_dir = $T/run
[listener tls]
address = tcp://0.0.0.0:$tport
backend = b
tls_cert = $T/cert.pem
tls_key = $T/key.pem
[backend b]
plugin = $TEST_PLUGINS/tp_good.so
CONF
	"$SOCKERLESSD" --config "$T/tls.conf" >"$T/tls.log" 2>&1 &
	pid=$!
	sl_pids="$sl_pids $pid"
	body=""
	for _ in $(seq 1 50); do
		body=$(curl -s --cacert "$T/cert.pem" "https://localhost:$tport/_ping" 2>/dev/null) &&
			[ -n "$body" ] && break
		sleep 0.1
	done
	expect_eq "a non-loopback listener with TLS serves HTTPS (checked over loopback)" "$body" "OK"
	plain=$(curl -s -m 5 "http://127.0.0.1:$tport/_ping" 2>/dev/null)
	[ "$plain" != "OK" ] && ok "the TLS listener does not answer plain HTTP" ||
		not_ok "the TLS listener does not answer plain HTTP"
	stop_gateway "$pid"
else
	ok "# SKIP openssl is not installed"
	ok "# SKIP openssl is not installed"
fi

write_config "$T/mode.conf" "$TEST_PLUGINS/tp_good.so"
sed -i 's/^backend = b$/backend = b\nmode = 0600/' "$T/mode.conf"
if start_gateway "$T/mode.conf" "$T/mode.sock"; then
	expect_eq "the unix socket gets the configured mode" "$(stat -c %a "$T/mode.sock")" "600"
	expect_eq "the pid file holds the daemon's pid" "$(cat "$T/mode.pid")" "$sl_last_pid"
	stop_gateway "$sl_last_pid"
	expect_eq "SIGTERM ends the daemon with status 0" "$?" "0"
	[ ! -e "$T/mode.sock" ] && ok "the socket file is removed on exit" ||
		not_ok "the socket file is removed on exit"
	[ ! -e "$T/mode.pid" ] && ok "the pid file is removed on exit" ||
		not_ok "the pid file is removed on exit"
else
	not_ok "sockerlessd starts on a unix socket" "$(cat "$T/mode.conf.log")"
fi

# A socket file nobody listens on (left by a crash) is replaced.
write_config "$T/stale.conf" "$TEST_PLUGINS/tp_good.so"
/usr/bin/python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" \
	"$T/stale.sock"
if [ -S "$T/stale.sock" ] && start_gateway "$T/stale.conf" "$T/stale.sock"; then
	ok "a stale socket file is replaced"
	expect_contains "removing the stale socket is logged" "$(cat "$T/stale.conf.log")" \
		"removed stale socket"
	write_config "$T/second.conf" "$TEST_PLUGINS/tp_good.so"
	sed -i "s#unix://$T/second.sock#unix://$T/stale.sock#" "$T/second.conf"
	expect_refused "a socket in use by a running daemon is not taken over" \
		"is in use by another running server" "$T/second.conf"
	stop_gateway "$sl_last_pid"
else
	not_ok "a stale socket file is replaced" "$(cat "$T/stale.conf.log" 2>/dev/null)"
	not_ok "removing the stale socket is logged"
	not_ok "a socket in use by a running daemon is not taken over"
fi

echo "not a socket" >"$T/plain.sock"
write_config "$T/plain.conf" "$TEST_PLUGINS/tp_good.so"
expect_refused "a regular file in the socket's place is refused" "is not a socket" \
	"$T/plain.conf"
expect_eq "and left untouched" "$(cat "$T/plain.sock")" "not a socket"

out=$("$SOCKERLESSD" --version)
expect_contains "--version names the API version" "$out" "Docker Engine API 1.47"
out=$("$SOCKERLESSD" --help)
expect_contains "--help documents --check-config" "$out" "--check-config"
"$SOCKERLESSD" --bogus >/dev/null 2>&1
expect_eq "an unknown option exits 2" "$?" "2"

tap_done=1
