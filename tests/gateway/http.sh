#!/bin/sh
# The HTTP transport as a Docker client sees it: _ping, version
# negotiation errors, page not found, limits, keep-alive, one log line
# per request.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

write_config "$T/http.conf" "$TEST_PLUGINS/tp_good.so"
sed -i 's/^\[daemon\]$/[daemon]\nmax_body_bytes = 1K/' "$T/http.conf"
S=$T/http.sock
if ! start_gateway "$T/http.conf" "$S"; then
	not_ok "sockerlessd starts" "$(cat "$T/http.conf.log")"
	tap_done=1
	exit 0
fi
c() { curl -s --unix-socket "$S" "$@"; }
header() { tr -d '\r' <"$1" | grep -i "^$2:" | head -1 | cut -d' ' -f2-; }

c -I http://d/_ping -D "$T/h" -o /dev/null
expect_eq "HEAD /_ping is 200" "$(head -1 "$T/h" | tr -d '\r')" "HTTP/1.1 200 OK"
expect_eq "HEAD /_ping carries Api-Version: 1.47" "$(header "$T/h" Api-Version)" "1.47"
expect_eq "HEAD /_ping has Content-Length: 0" "$(header "$T/h" Content-Length)" "0"
expect_eq "HEAD /_ping has Content-Type text/plain" "$(header "$T/h" Content-Type)" \
	"text/plain; charset=utf-8"
expect_eq "_ping has Ostype" "$(header "$T/h" Ostype)" "linux"
expect_eq "_ping has Docker-Experimental" "$(header "$T/h" Docker-Experimental)" "false"
expect_eq "_ping has Cache-Control" "$(header "$T/h" Cache-Control)" \
	"no-cache, no-store, must-revalidate"
expect_eq "_ping has Pragma" "$(header "$T/h" Pragma)" "no-cache"
expect_contains "_ping has a Server header" "$(header "$T/h" Server)" "sockerless"

expect_eq "GET /_ping answers OK" "$(c http://d/_ping)" "OK"
expect_eq "GET /v1.47/_ping answers OK" "$(c http://d/v1.47/_ping)" "OK"

body=$(c -D "$T/h" http://d/v1.99/version)
expect_eq "a too-new version gets Docker's 400" \
	"$(head -1 "$T/h" | tr -d '\r') $body" \
	'HTTP/1.1 400 Bad Request {"message":"client version 1.99 is too new. Maximum supported API version is 1.47"}'
expect_eq "version errors carry Api-Version" "$(header "$T/h" Api-Version)" "1.47"
body=$(c -D "$T/h" http://d/v1.23/version)
expect_eq "a too-old version gets Docker's 400" "$body" \
	'{"message":"client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version"}'

body=$(c -D "$T/h" http://d/v1.47/nosuchthing)
expect_eq "an unknown path is 404 page not found" "$(head -1 "$T/h" | tr -d '\r') $body" \
	'HTTP/1.1 404 Not Found {"message":"page not found"}'
expect_eq "errors are application/json exactly" "$(header "$T/h" Content-Type)" \
	"application/json"
expect_eq "page not found carries no Api-Version (as dockerd)" "$(header "$T/h" Api-Version)" ""
body=$(c -X PUT http://d/version)
expect_eq "a wrong method on a known path is 404 page not found" "$body" \
	'{"message":"page not found"}'
body=$(c -D "$T/h" http://d/nosuchthing?a=1)
expect_eq "unversioned unknown paths are 404 too" "$body" '{"message":"page not found"}'

c -o "$T/v.json" "http://d/version?unknown=param"
got=$(/usr/bin/python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print(v["ApiVersion"], v["MinAPIVersion"], v["Components"][0]["Name"], v["Os"])' "$T/v.json")
expect_eq "/version reports the API range (unknown query parameters ignored)" "$got" \
	"1.47 1.24 Engine linux"
c -o "$T/i.json" http://d/info
got=$(/usr/bin/python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); s=v["Sockerless"]; print(s["Backend"], s["Plugin"], s["PluginVersion"], s["Generation"])' "$T/i.json")
expect_eq "/info names the backend, plugin, version and generation" "$got" "b test test-1 1"

body=$(c -D "$T/h" http://d/v1.47/networks)
expect_eq "a NULL hook is a clear 501" "$(head -1 "$T/h" | tr -d '\r') $body" \
	'HTTP/1.1 501 Not Implemented {"message":"network list is not supported by backend b"}'

head -c 2048 /dev/zero | tr '\0' 'x' >"$T/big"
code=$(c -o "$T/413" -w '%{http_code}' -H 'Content-Type: application/json' \
	--data-binary @"$T/big" http://d/networks/create)
expect_eq "a body over max_body_bytes is refused with 413" "$code" "413"
expect_contains "the 413 says why" "$(cat "$T/413")" "larger than the 1024-byte limit"
code=$(c -o "$T/413" -w '%{http_code}' -H 'Content-Type: application/json' \
	-H 'Transfer-Encoding: chunked' --data-binary @"$T/big" http://d/networks/create)
expect_eq "a chunked body over the limit is refused with 413" "$code" "413"

huge=$(head -c 70000 /dev/zero | tr '\0' 'h')
code=$(c -o /dev/null -w '%{http_code}' -H "X-Huge: $huge" http://d/_ping)
case $code in
4*) ok "oversized headers are refused ($code)" ;;
*) not_ok "oversized headers are refused" "status $code" ;;
esac

c -v http://d/_ping http://d/version -o /dev/null -o /dev/null 2>"$T/kv"
expect_contains "connections are kept alive between requests" "$(cat "$T/kv")" \
	"Re-using existing connection"

log=$(cat "$T/http.conf.log")
expect_contains "each request is logged with method, path, status, duration" "$log" \
	"main: GET /v1.99/version 400 "
stop_gateway "$sl_last_pid"

# SIGTERM while a request is in flight: the request is answered, then the
# daemon exits cleanly.
write_config "$T/slow.conf" "$TEST_PLUGINS/tp_slow.so" "delay_ms = 3000"
if start_gateway "$T/slow.conf" "$T/slow.sock"; then
	pid=$sl_last_pid
	curl -s -o "$T/slow.out" -w '%{http_code}' --unix-socket "$T/slow.sock" \
		http://d/networks >"$T/slow.code" &
	cpid=$!
	sleep 1
	kill -TERM "$pid"
	sleep 0.3
	code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$T/slow.sock" http://d/_ping)
	expect_eq "after SIGTERM no new connection is accepted, while the request runs" "$code" "000"
	wait "$cpid"
	expect_eq "a request in flight at SIGTERM is answered" "$(cat "$T/slow.code") $(cat "$T/slow.out")" \
		"200 []"
	wait "$pid"
	expect_eq "and the daemon then exits with status 0" "$?" "0"
	sl_pids=""
else
	not_ok "sockerlessd starts with the slow plugin" "$(cat "$T/slow.conf.log")"
fi

# A request that outlives shutdown_timeout does not hold the exit forever.
write_config "$T/hung.conf" "$TEST_PLUGINS/tp_slow.so" "delay_ms = 30000"
sed -i 's/^\[daemon\]$/[daemon]\nshutdown_timeout = 1/' "$T/hung.conf"
if start_gateway "$T/hung.conf" "$T/hung.sock"; then
	pid=$sl_last_pid
	curl -s -o /dev/null -m 40 --unix-socket "$T/hung.sock" http://d/networks &
	cpid=$!
	sleep 1.5
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	kill "$cpid" 2>/dev/null
	wait "$cpid" 2>/dev/null
	sl_pids=""
	expect_eq "past shutdown_timeout the daemon exits with status 1" "$rc" "1"
	expect_contains "and says why" "$(cat "$T/hung.conf.log")" \
		"requests still running after shutdown_timeout (1s)"
	[ ! -e "$T/hung.pid" ] && ok "its pid file is removed" || not_ok "its pid file is removed"
else
	not_ok "sockerlessd starts with the slow plugin" "$(cat "$T/hung.conf.log")"
fi
tap_done=1
