# Helpers for TAP shell tests that run sockerlessd.  Source it; it sets
# up a private temp dir that is removed on exit, with every daemon the
# test started stopped first.  A script sets tap_done=1 as its last
# line; if it ends before that, a failing test point says so.

SL_TOP_BUILDDIR=${SL_TOP_BUILDDIR:-$(pwd)}
SL_TOP_SRCDIR=${SL_TOP_SRCDIR:-$(pwd)}
SOCKERLESSD=$SL_TOP_BUILDDIR/sockerlessd
TEST_PLUGINS=$SL_TOP_BUILDDIR/tests/plugins/.libs
ACA_PLUGIN=$SL_TOP_BUILDDIR/.libs/aca.so

tap_n=0
tap_failed=0
T=$(mktemp -d /tmp/slt.XXXXXX)
sl_pids=""

tap_cleanup() {
	for p in $sl_pids; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$T"
	if [ "${tap_done:-0}" != 1 ]; then
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - the test script ended early"
	fi
	echo "1..$tap_n"
}
trap tap_cleanup EXIT

# ok DESC / not_ok DESC [DETAIL...]: print one TAP line.
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=1
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '# %s\n' "$line"; done
}

# check DESC COMMAND...: ok when the command succeeds.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "command failed: $*"; fi
}

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

# write_config FILE PLUGIN [BACKEND-KEY-LINES...]: a config with one unix
# listener at $T/NAME.sock (NAME = the file's base name) and one backend.
write_config() {
	file=$1 plugin=$2
	shift 2
	name=$(basename "$file" .conf)
	{
		echo "[daemon]"
		echo "runtime_dir = $T/run"
		echo "pid_file = $T/$name.pid"
		echo "[listener main]"
		echo "address = unix://$T/$name.sock"
		echo "backend = b"
		echo "[backend b]"
		echo "plugin = $plugin"
		for line in "$@"; do echo "$line"; done
	} >"$file"
}

# start_gateway CONFIG SOCKET: start sockerlessd in the background and
# wait until SOCKET answers /_ping; its log is CONFIG.log.
start_gateway() {
	"$SOCKERLESSD" --config "$1" >"$1.log" 2>&1 &
	sl_last_pid=$!
	sl_pids="$sl_pids $sl_last_pid"
	for _ in $(seq 1 100); do
		if curl -sf --unix-socket "$2" http://d/_ping >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$sl_last_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stop_gateway PID: SIGTERM and wait; returns the exit status.
stop_gateway() {
	kill -TERM "$1" 2>/dev/null
	wait "$1"
	rc=$?
	sl_pids=$(echo "$sl_pids" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
	return $rc
}
