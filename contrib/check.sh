#!/bin/sh
# Build sockerless and run the whole test suite on a Debian 12 machine:
#   1. make check in a normal build (unit, integration and end-to-end tests),
#   2. make check again in an AddressSanitizer + UBSan build,
#   3. make check again in a ThreadSanitizer build (data races),
#   4. make distcheck (the release tarball builds and passes its tests).
# Ends with one line "N passed, N failed" summed over every test point.
# Set SL_CHECK_QUICK=1 to run step 1 only.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/contrib/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
cd "$top" || exit 1
autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; echo "0 passed, 1 failed"; exit 1; }
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
logdir=$top/_check-logs
mkdir -p "$logdir"

# count LOG: add a make check run's automake summary to the totals.
count() {
	p=$(sed -n 's/^# PASS: *\([0-9]*\).*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *\([0-9]*\).*/\2/p' "$1" |
		awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	failed=$((failed + f))
	echo "$2: $p passed, $f failed (log: $1)"
}

# run NAME DIR TARGET CONFIGURE-ARGS...: configure out of tree and make TARGET.
run() {
	name=$1 dir=$2 target=$3
	shift 3
	mkdir -p "$dir"
	log=$logdir/$name.log
	(
		cd "$dir" &&
		"$top/configure" -q "$@" &&
		make -j"$jobs" >/dev/null &&
		make -j"$jobs" "$target"
	) >"$log" 2>&1
	rc=$?
	count "$log" "$name"
	if [ $rc -ne 0 ] && ! grep -q '^# FAIL: *[1-9]\|^# ERROR: *[1-9]' "$log"; then
		# The build itself failed (or distcheck failed outside the tests).
		failed=$((failed + 1))
		echo "$name: build or packaging failed; see $log"
		tail -20 "$log"
	fi
}

run check "$top/_build" check
if [ "${SL_CHECK_QUICK:-0}" != 1 ]; then
	run check-asan "$top/_build-asan" check --enable-asan --enable-ubsan
	run check-tsan "$top/_build-tsan" check --enable-tsan
	run distcheck "$top/_build-dist" distcheck
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
