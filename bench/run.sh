#!/bin/sh
# The network benchmark (`make bench`): starts sockerlessd with the aca
# plugin on a private socket and measures, with bench/netbench:
#   - create / inspect / list / remove latency with 1 and 8 clients,
#   - 10 000 networks: list all, by label, by name,
#   - sockerlessd's resident memory with 10 000 networks,
# and checks the targets: list of 10 000 by label under 20 ms (median),
# create+remove under 1 ms (median, 1 client), RSS under 30 MB.
# BENCH_NETWORKS and BENCH_ITERATIONS change the sizes.
set -u
BUILDDIR=${SL_TOP_BUILDDIR:-$(pwd)}
NETBENCH=${NETBENCH:-$BUILDDIR/bench/netbench}
N=${BENCH_NETWORKS:-10000}
ITER=${BENCH_ITERATIONS:-500}
T=$(mktemp -d /tmp/slb.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

cat >"$T/sockerlessd.conf" <<CONF
[daemon]
runtime_dir = $T/run
log_level = warning
[listener main]
address = unix://$T/docker.sock
backend = main
[backend main]
plugin = $BUILDDIR/.libs/aca.so
state_db = $T/state.db
CONF
"$BUILDDIR/sockerlessd" --config "$T/sockerlessd.conf" >"$T/log" 2>&1 &
pid=$!
i=0
until curl -s -o /dev/null --unix-socket "$T/docker.sock" http://d/_ping; do
	i=$((i + 1))
	if [ $i -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "sockerlessd did not start:"; cat "$T/log"; exit 1
	fi
	sleep 0.1
done

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
sock=$T/docker.sock
failed=0

echo "== sockerlessd $("$BUILDDIR/sockerlessd" --version 2>/dev/null | head -1), $(nproc) CPUs"
echo "RSS at start: $(rss_kb) kB"
echo "== empty store: $ITER iterations per client"
"$NETBENCH" "$sock" ops 1 "$ITER" | tee "$T/ops1" || failed=1
"$NETBENCH" "$sock" ops 8 "$((ITER / 4))" || failed=1
echo "== filling $N networks"
"$NETBENCH" "$sock" fill "$N" || failed=1
echo "RSS with $N networks: $(rss_kb) kB"
echo "== lists with $N networks"
"$NETBENCH" "$sock" list 20 | tee "$T/list" || failed=1
rss=$(rss_kb)
echo "RSS with $N networks, after listing them all: $rss kB"
echo "== with $N networks: $ITER iterations per client"
"$NETBENCH" "$sock" ops 1 "$ITER" | tee "$T/ops1-full" || failed=1
"$NETBENCH" "$sock" ops 8 "$((ITER / 4))" || failed=1
echo "RSS at the end: $(rss_kb) kB"

median() { awk -v k="$2" 'index($0, k) == 1 { sub(/.*median=/, ""); sub(/ .*/, ""); print; exit }' "$1"; }
check() {
	if awk -v v="$2" -v lim="$3" 'BEGIN { exit !(v < lim) }'; then
		echo "PASS $1: $2 < $3 $4"
	else
		echo "FAIL $1: $2 >= $3 $4"; failed=1
	fi
}
echo "== targets"
check "list of $N by label (1%), median" "$(median "$T/list" "list by label (1%)")" 20 ms
check "create+remove, median, 1 client" "$(median "$T/ops1" "create+remove x1")" 1 ms
check "create+remove with $N networks, median, 1 client" "$(median "$T/ops1-full" "create+remove x1")" 1 ms
check "RSS with $N networks" "$(awk -v r="$rss" 'BEGIN { printf "%.1f", r / 1024 }')" 30 MB
exit $failed
