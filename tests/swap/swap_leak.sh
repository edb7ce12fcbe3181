#!/bin/sh
# 100 swaps in a row: sockerlessd's RSS after the 100th is within 2 MB of
# its RSS after the first, and (where valgrind is available and the build
# is not sanitized) valgrind finds no definite leak over 100 swaps.  In a
# sanitized build, LeakSanitizer checks the same at exit.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

V1=$ACA_PLUGIN
V2=$SL_TOP_BUILDDIR/tests/plugins/.libs/aca_v2.so
SWAPS=${SL_SWAPS:-100}

# swaps CONFIG PID N: swap N times, waiting for each to be unloaded.  The
# builds alternate across calls (swap_count), so every swap changes the file.
swap_count=0
swaps() {
	conf=$1 pid=$2 n=$3
	for _ in $(seq 1 "$n"); do
		swap_count=$((swap_count + 1))
		if [ $((swap_count % 2)) -eq 1 ]; then file=$V2; else file=$V1; fi
		cp "$file" "$T/plugins/aca.so.new" && mv -f "$T/plugins/aca.so.new" "$T/plugins/aca.so"
		before=$(grep -c "unloaded" "$conf.log")
		kill -HUP "$pid"
		for _ in $(seq 1 300); do
			[ "$(grep -c "unloaded" "$conf.log")" -gt "$before" ] && break
			sleep 0.05
		done
	done
}
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }

mkdir -p "$T/plugins"
cp "$V1" "$T/plugins/aca.so"
write_config "$T/leak.conf" "$T/plugins/aca.so" "state_db = $T/state.db"
if ! start_gateway "$T/leak.conf" "$T/leak.sock"; then
	not_ok "sockerlessd starts" "$(cat "$T/leak.conf.log")"
	tap_done=1
	exit 0
fi
pid=$sl_last_pid
curl -s -o /dev/null --unix-socket "$T/leak.sock" http://d/info
swaps "$T/leak.conf" "$pid" 1
rss1=$(rss_kb "$pid")
swaps "$T/leak.conf" "$pid" $((SWAPS - 1))
curl -s -o /dev/null --unix-socket "$T/leak.sock" http://d/info
rss100=$(rss_kb "$pid")
unloaded=$(grep -c "generation [0-9]* unloaded" "$T/leak.conf.log")
expect_eq "$SWAPS swaps each unloaded the old generation" "$unloaded" "$SWAPS"
echo "# RSS after the first swap: $rss1 kB; after $SWAPS swaps: $rss100 kB"
if [ -n "${SL_SANITIZED:-}" ]; then
	# AddressSanitizer keeps freed memory in quarantine: RSS says nothing there.
	ok "# SKIP RSS comparison in a sanitized build"
elif [ $((rss100 - rss1)) -le 2048 ]; then
	ok "RSS after $SWAPS swaps is within 2 MB of RSS after the first"
else
	not_ok "RSS after $SWAPS swaps is within 2 MB of RSS after the first" \
		"first: $rss1 kB, after $SWAPS: $rss100 kB"
fi
stop_gateway "$pid"
expect_eq "the daemon stops cleanly (no leak report in sanitized builds)" "$?" "0"

if [ -n "${SL_SANITIZED:-}" ] || ! command -v valgrind >/dev/null; then
	ok "# SKIP valgrind run: sanitized build or no valgrind (LeakSanitizer covers it)"
else
	cp "$V1" "$T/plugins/aca.so"
	swap_count=0
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
		--log-file="$T/vg.log" "$SOCKERLESSD" --config "$T/leak.conf" >"$T/leak.conf.log" 2>&1 &
	vpid=$!
	sl_pids="$sl_pids $vpid"
	for _ in $(seq 1 300); do
		curl -sf --unix-socket "$T/leak.sock" http://d/_ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	swaps "$T/leak.conf" "$vpid" "$SWAPS"
	stop_gateway "$vpid"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "valgrind finds no definite leak over $SWAPS swaps"
	else
		not_ok "valgrind finds no definite leak over $SWAPS swaps" "exit $rc" \
			"$(grep -A12 'definitely lost' "$T/vg.log" | head -30)"
	fi
fi
tap_done=1
