#!/bin/sh
# Install what sockerless needs to build, run and test on Debian 12.
# Idempotent: packages already present are left alone.
set -eu
pkgs="build-essential autoconf automake libtool autoconf-archive pkg-config
libmicrohttpd-dev libcurl4-openssl-dev libjson-c-dev libpcre2-dev libsqlite3-dev
libssl-dev libcmocka-dev sqlite3 curl openssl python3 python3-docker valgrind
clang clang-tidy cppcheck libclang-rt-14-dev hyperfine wrk iproute2 util-linux"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The end-to-end tests drive the docker CLI; Debian's docker.io ships one
# when none is on PATH.
if ! command -v docker >/dev/null 2>&1; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
