#!/bin/sh
# The real docker CLI against sockerlessd: the handshake, version, info,
# and a clear error for an operation the backend does not support.
. "${SL_TOP_SRCDIR:-.}/tests/gateway/lib.sh"

if ! command -v docker >/dev/null; then
	ok "# SKIP the docker CLI is not installed"
	tap_done=1
	exit 0
fi
export DOCKER_CONFIG=$T/docker-config
mkdir -p "$DOCKER_CONFIG"

write_config "$T/aca.conf" "$ACA_PLUGIN" "state_db = $T/aca.db"
if start_gateway "$T/aca.conf" "$T/aca.sock"; then
	export DOCKER_HOST=unix://$T/aca.sock
	out=$(docker version --format '{{.Server.APIVersion}} {{.Server.Os}}' 2>&1)
	expect_eq "docker version shows the server at API 1.47" "$out" "1.47 linux"
	out=$(docker version 2>&1)
	expect_contains "docker version names sockerless and the plugin" "$out" "aca"
	if docker info >"$T/info" 2>&1; then
		ok "docker info succeeds"
	else
		not_ok "docker info succeeds" "$(cat "$T/info")"
	fi
	expect_contains "docker info shows the backend" "$(cat "$T/info")" "sockerless.backend=b"
	expect_contains "docker info lists the backend's volume driver" "$(cat "$T/info")" \
		"Volume: azure-files"
	stop_gateway "$sl_last_pid"
else
	not_ok "sockerlessd starts with the aca plugin" "$(cat "$T/aca.conf.log")"
fi

write_config "$T/tp.conf" "$TEST_PLUGINS/tp_good.so"
if start_gateway "$T/tp.conf" "$T/tp.sock"; then
	export DOCKER_HOST=unix://$T/tp.sock
	out=$(docker network ls 2>&1)
	rc=$?
	expect_eq "docker network ls on a backend without networks fails" "$rc" "1"
	expect_eq "with a clear message" "$out" \
		"Error response from daemon: network list is not supported by backend b"
	stop_gateway "$sl_last_pid"
else
	not_ok "sockerlessd starts with the test plugin" "$(cat "$T/tp.conf.log")"
fi
tap_done=1
