#!/bin/sh
# Hot swap under load: 8 keep-alive clients create, inspect, list and
# remove networks while the aca plugin is swapped 20 times between two
# builds that differ in their version string.  No request may fail, /info
# must show the new version after each swap, the networks made before and
# during the swaps must all be there, and every old generation must be
# unloaded.  Then the refusals: a plugin of another ABI, an init that
# fails and a missing file each leave the old generation serving.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

V1=$ACA_PLUGIN
V2=$SL_TOP_BUILDDIR/tests/plugins/.libs/aca_v2.so
LOAD=$SL_TOP_BUILDDIR/tests/swap/load_client
mkdir -p "$T/plugins"
cp "$V1" "$T/plugins/aca.so"
write_config "$T/swap.conf" "$T/plugins/aca.so" "state_db = $T/state.db"
S=$T/swap.sock
if ! start_gateway "$T/swap.conf" "$S"; then
	not_ok "sockerlessd starts" "$(cat "$T/swap.conf.log")"
	tap_done=1
	exit 0
fi
pid=$sl_last_pid
c() { curl -s --unix-socket "$S" "$@"; }
info_field() {
	c http://d/info | /usr/bin/python3 -c \
		'import json,sys; print(json.load(sys.stdin)["Sockerless"][sys.argv[1]])' "$1"
}
v1=$(info_field PluginVersion)

# install FILE: replace the configured plugin file atomically, then SIGHUP.
install() {
	cp "$1" "$T/plugins/aca.so.new" && mv -f "$T/plugins/aca.so.new" "$T/plugins/aca.so"
	kill -HUP "$pid"
}
# wait_version V: until /info reports plugin version V (10 s at most).
wait_version() {
	for _ in $(seq 1 100); do
		[ "$(info_field PluginVersion)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

for i in 1 2 3 4 5; do
	c -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"Name\":\"before-$i\",\"Labels\":{\"phase\":\"before\"}}" http://d/networks/create
done

"$LOAD" -s "$S" -f "$T/stop" -p load -c 8 -r "$T/report" &
load_pid=$!
sleep 1
swaps_ok=0
swap_ms=""
for i in $(seq 1 20); do
	if [ $((i % 2)) -eq 1 ]; then file=$V2; want="$v1-swap"; else file=$V1; want=$v1; fi
	install "$file"
	if wait_version "$want"; then swaps_ok=$((swaps_ok + 1)); fi
	sleep 0.2
done
touch "$T/stop"
wait "$load_pid"
load_rc=$?
expect_eq "all 20 swaps showed the new version in /info" "$swaps_ok" "20"
requests=$(sed -n 's/^REQUESTS //p' "$T/report")
failures=$(sed -n 's/^FAILURES //p' "$T/report")
if [ "$load_rc" -eq 0 ] && [ "$failures" = 0 ] && [ "${requests:-0}" -gt 0 ]; then
	ok "no request failed or was reset during the swaps ($requests requests)"
else
	not_ok "no request failed or was reset during the swaps" "$(grep FAIL "$T/report" | head -5)"
fi
echo "# swap figures: $requests requests served by 8 clients during 20 swaps"

before=$(c 'http://d/networks?filters=%7B%22label%22%3A%5B%22phase%3Dbefore%22%5D%7D' |
	/usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_eq "networks created before the swaps are intact" "$before" "5"
kept=$(grep -c '^KEPT ' "$T/report")
present=$(c 'http://d/networks?filters=%7B%22label%22%3A%5B%22load%3Dload%22%5D%7D' |
	/usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_eq "every network kept during the swaps is intact" "$present" "$kept"

# wait_log N PATTERN: until the daemon's log has N lines matching (10 s at most).
wait_log() {
	for _ in $(seq 1 100); do
		[ "$(grep -c -- "$2" "$T/swap.conf.log")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
wait_log 20 "generation [0-9]* unloaded"
unloaded=$(grep -c "generation [0-9]* unloaded" "$T/swap.conf.log")
expect_eq "every old generation was unloaded" "$unloaded" "20"
copies=$(grep '\.gen[0-9]*\.' "/proc/$pid/maps" | awk '{print $6}' | sort -u | wc -l)
expect_eq "only the current generation's code is mapped" "$copies" "1"
left=$(ls "$T/run" | grep -c '\.so$')
expect_eq "old per-generation copies are removed" "$left" "1"
sed -n 's/.*reload done in \([0-9.]*\) ms.*/\1/p' "$T/swap.conf.log" |
	awk '{s += $1; if (NR == 1 || $1 > max) max = $1; if (NR == 1 || $1 < min) min = $1}
	     END {printf "# swap time over %d reloads: min %.1f ms, mean %.1f ms, max %.1f ms\n",
	          NR, min, s / NR, max}'

# Refusals keep the old generation serving.
current=$(info_field Generation)
cp "$TEST_PLUGINS/tp_major.so" "$T/plugins/aca.so.new"
mv -f "$T/plugins/aca.so.new" "$T/plugins/aca.so"
kill -HUP "$pid"
wait_log 1 "refused: abi_major is 2"
expect_contains "a plugin of another ABI major is refused on reload, with the reason" \
	"$(cat "$T/swap.conf.log")" "refused: abi_major is 2"
expect_eq "and the old generation keeps serving" "$(info_field Generation)" "$current"

cp "$V1" "$T/plugins/aca.so"
sed -i 's/^state_db = .*/&\ncolour = blue/' "$T/swap.conf"
kill -HUP "$pid"
wait_log 1 "init failed"
expect_contains "a plugin whose init fails on reload is logged" \
	"$(cat "$T/swap.conf.log")" "init failed"
expect_eq "and the old generation keeps serving" "$(info_field Generation)" "$current"
sed -i '/^colour = blue$/d' "$T/swap.conf"

rm -f "$T/plugins/aca.so"
kill -HUP "$pid"
wait_log 1 "No such file or directory; the previous generation keeps serving"
expect_contains "a missing plugin file on reload is logged" "$(cat "$T/swap.conf.log")" \
	"aca.so: No such file or directory; the previous generation keeps serving"
expect_eq "and the old generation keeps serving" "$(info_field Generation)" "$current"
expect_eq "the daemon still answers" "$(c http://d/_ping)" "OK"
stop_gateway "$pid"
expect_eq "and stops cleanly" "$?" "0"
tap_done=1
