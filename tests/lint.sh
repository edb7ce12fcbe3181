#!/bin/sh
# Static analysis as tests: cppcheck over the whole tree, and clang-tidy
# (checks in .clang-tidy) file by file, so a finding names its file.
# Skipped in sanitized builds and outside a git checkout (make distcheck):
# the same sources are checked by the plain build.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

cd "$SL_TOP_SRCDIR" || exit 1
if [ -n "${SL_SANITIZED:-}" ] || [ ! -e .git ]; then
	ok "# SKIP static analysis runs in the plain build of a git checkout"
	tap_done=1
	exit 0
fi
files=$(git ls-files 'gateway/*.c' 'plugins/*.c' 'tests/azemu/*.c' 'tests/plugins/*.c' \
	'tests/swap/*.c' 'tests/unit/*.c' 'tests/fuzz/*.c' 'bench/*.c')
cflags="-std=c11 -D_GNU_SOURCE -I include -I . -I $SL_TOP_BUILDDIR
$(pkg-config --cflags libmicrohttpd libcurl json-c libpcre2-8 sqlite3 libcrypto cmocka)"

if command -v cppcheck >/dev/null; then
	# shellcheck disable=SC2086
	if cppcheck --quiet --enable=warning,portability,performance --std=c11 --inline-suppr \
		--error-exitcode=1 --suppress=missingIncludeSystem -I include -I . \
		-I "$SL_TOP_BUILDDIR" $files >"$T/cppcheck" 2>&1; then
		ok "cppcheck finds nothing"
	else
		not_ok "cppcheck finds nothing" "$(head -20 "$T/cppcheck")"
	fi
else
	ok "# SKIP cppcheck is not installed"
fi

if command -v clang-tidy >/dev/null; then
	for f in $files; do
		# shellcheck disable=SC2086
		if clang-tidy --quiet "$f" -- $cflags >"$T/tidy" 2>&1; then
			ok "clang-tidy: $f"
		else
			not_ok "clang-tidy: $f" "$(grep -E 'warning:|error:' "$T/tidy" | head -10)"
		fi
	done
else
	ok "# SKIP clang-tidy is not installed"
fi
tap_done=1
