# Shared helpers for the end-to-end tests: TAP output and a private
# sockerlessd with the aca plugin from the build tree.  Source it, then
# call sl_start; everything the test started is stopped and its temp dir
# removed on exit.  A script sets tap_done=1 as its last line; ending
# before that is reported as a failed test point.
#
# Needs: curl, and for the CLI tests the docker CLI on PATH.

SL_TOP_BUILDDIR=${SL_TOP_BUILDDIR:-$(pwd)}
SL_TOP_SRCDIR=${SL_TOP_SRCDIR:-$(pwd)}
SOCKERLESSD=$SL_TOP_BUILDDIR/sockerlessd
ACA_PLUGIN=$SL_TOP_BUILDDIR/.libs/aca.so

tap_n=0
tap_failed=0
tap_skip_all=""
# Short: unix socket paths must stay under 108 bytes.
T=$(mktemp -d /tmp/sle.XXXXXX)
SL_PID=""
export DOCKER_CONFIG="$T/docker-config"
export DOCKER_CLI_HINTS=false
unset DOCKER_API_VERSION DOCKER_CONTEXT

e2e_cleanup() {
	if [ -n "$SL_PID" ]; then
		kill -TERM "$SL_PID" 2>/dev/null && wait "$SL_PID" 2>/dev/null
	fi
	if [ -n "$AZEMU_PID" ]; then
		kill -TERM "$AZEMU_PID" 2>/dev/null && wait "$AZEMU_PID" 2>/dev/null
	fi
	if [ -n "$tap_skip_all" ]; then
		rm -rf "$T"
		echo "1..0 # SKIP $tap_skip_all"
		return
	fi
	if [ "$tap_failed" = 1 ] && [ -f "$T/sockerlessd.log" ]; then
		echo "# sockerlessd log (last lines):"
		tail -n 20 "$T/sockerlessd.log" | sed 's/^/#   /'
	fi
	rm -rf "$T"
	if [ "${tap_done:-0}" != 1 ]; then
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - the test script ended early"
	fi
	echo "1..$tap_n"
}
trap e2e_cleanup EXIT

# ok DESC / not_ok DESC [DETAIL...]: one TAP line.
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=1
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

# skip_all REASON: the whole script is skipped (TAP "1..0 # SKIP").
skip_all() { tap_skip_all=$1; exit 0; }

# expect_eq DESC GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}

# expect_contains DESC HAYSTACK NEEDLE
expect_contains() {
	case $2 in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1" "in:   $2" "want: $3" ;;
	esac
}

# expect_absent DESC HAYSTACK NEEDLE
expect_absent() {
	case $2 in
	*"$3"*) not_ok "$1" "in:   $2" "unexpected: $3" ;;
	*) ok "$1" ;;
	esac
}

# sl_write_config: the daemon's config in $T (one unix listener, one aca backend).
sl_write_config() {
	cat >"$T/sockerlessd.conf" <<CONF
[daemon]
runtime_dir = $T/run
pid_file = $T/sockerlessd.pid
[listener main]
address = unix://$T/docker.sock
backend = main
[backend main]
plugin = $ACA_PLUGIN
state_db = $T/state.db
CONF
}

# sl_use_azemu: start azemu (the build tree's local Azure) and point the
# backend at it, so that volumes (Azure Files shares) work.  Call before
# sl_start; skips the script when azemu is not built.
AZEMU_PID=""
sl_use_azemu() {
	[ -x "$SL_TOP_BUILDDIR/azemu" ] || skip_all "azemu is not built"
	mkdir -p "$T/azemu"
	"$SL_TOP_BUILDDIR/azemu" --listen 127.0.0.1:0 --port-file "$T/azemu.port" \
		--data-dir "$T/azemu" --state-file "$T/azemu/state.json" \
		--log-file "$T/azemu/requests.log" \
		--subscription 00000000-0000-0000-0000-000000000000 --resource-group sockerless \
		--location westeurope --storage-account slstore --environment slenv \
		--dns-zone sockerless.internal --tenant-id 11111111-1111-1111-1111-111111111111 \
		--client-id 22222222-2222-2222-2222-222222222222 --client-secret local-secret \
		>"$T/azemu.log" 2>&1 &
	AZEMU_PID=$!
	i=0
	until [ -s "$T/azemu.port" ]; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$AZEMU_PID" 2>/dev/null; then
			not_ok "azemu starts" "$(tail -n 5 "$T/azemu.log")"
			exit 1
		fi
		sleep 0.1
	done
	port=$(cat "$T/azemu.port")
	sl_write_config
	cat >>"$T/sockerlessd.conf" <<CONF
arm_endpoint = http://127.0.0.1:$port
authority_host = http://127.0.0.1:$port
tenant_id = 11111111-1111-1111-1111-111111111111
client_id = 22222222-2222-2222-2222-222222222222
client_secret = local-secret
subscription_id = 00000000-0000-0000-0000-000000000000
resource_group = sockerless
storage_account = slstore
environment = slenv
CONF
}

# sl_start: start sockerlessd (state kept across restarts) and wait until it answers.
sl_start() {
	[ -f "$T/sockerlessd.conf" ] || sl_write_config
	"$SOCKERLESSD" --config "$T/sockerlessd.conf" >>"$T/sockerlessd.log" 2>&1 &
	SL_PID=$!
	export DOCKER_HOST="unix://$T/docker.sock"
	# Generous: the machine may be busy building or testing other things.
	i=0
	while [ $i -lt 1200 ]; do
		if curl -s -o /dev/null --unix-socket "$T/docker.sock" http://d/_ping 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$SL_PID" 2>/dev/null; then
			break
		fi
		sleep 0.05
		i=$((i + 1))
	done
	if kill -0 "$SL_PID" 2>/dev/null; then
		state="still starting after 60 s"
	else
		wait "$SL_PID"
		state="exited with status $?"
	fi
	not_ok "sockerlessd starts" "$state" "$(tail -n 5 "$T/sockerlessd.log")"
	exit 1
}

# sl_stop: SIGTERM and wait.
sl_stop() {
	kill -TERM "$SL_PID" 2>/dev/null && wait "$SL_PID" 2>/dev/null
	SL_PID=""
}

# sl_kill9: kill -9, no chance to flush anything.
sl_kill9() {
	kill -KILL "$SL_PID" 2>/dev/null
	wait "$SL_PID" 2>/dev/null
	SL_PID=""
}

# api METHOD PATH [JSON-BODY]: the status code on stdout, the body in $T/body.
api() {
	if [ $# -ge 3 ]; then
		curl -s -o "$T/body" -w '%{http_code}' --unix-socket "$T/docker.sock" -X "$1" \
			-H 'Content-Type: application/json' --data-binary "$3" "http://d$2"
	else
		curl -s -o "$T/body" -w '%{http_code}' --unix-socket "$T/docker.sock" -X "$1" "http://d$2"
	fi
}

# body: the last api answer's body.
body() { cat "$T/body"; }

# require_networks: skip the script when the backend has no network hooks yet.
require_networks() {
	code=$(api GET /v1.47/networks)
	if [ "$code" = 501 ]; then
		skip_all "the backend does not implement networks yet"
	fi
}
