#!/bin/sh
# Start sockerless on this machine: install the build dependencies (Debian
# 12), build, and start sockerlessd with the aca plugin.  Without Azure
# settings in the environment it runs against azemu, the local Azure
# emulator built with it; with AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP,
# ACA_ENVIRONMENT and AZURE_STORAGE_ACCOUNT set (credentials as for the
# Azure SDKs: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or
# AZURE_FEDERATED_TOKEN_FILE, else managed identity) it runs against Azure.
#
#   contrib/quickstart.sh [start]   build and start; prints the DOCKER_HOST line
#   contrib/quickstart.sh stop      stop what start started
#
# Everything lives under $SOCKERLESS_HOME (default /tmp/sockerless).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
home=${SOCKERLESS_HOME:-/tmp/sockerless}
build=$top/_build
sock=$home/docker.sock

stop() {
	for name in sockerlessd azemu; do
		if [ -f "$home/$name.pid" ]; then
			pid=$(cat "$home/$name.pid")
			kill -TERM "$pid" 2>/dev/null || true
			for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			rm -f "$home/$name.pid"
		fi
	done
}

case ${1:-start} in
stop) stop; echo "stopped"; exit 0 ;;
start) ;;
*) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

"$top/contrib/install-deps.sh"
if [ ! -x "$top/configure" ]; then
	(cd "$top" && autoreconf -fi >/dev/null)
fi
mkdir -p "$build"
if [ ! -f "$build/Makefile" ]; then
	(cd "$build" && "$top/configure" -q)
fi
make -C "$build" -j"$(nproc)" >/dev/null
stop
mkdir -p "$home"
chmod 700 "$home"
umask 077

conf=$home/sockerlessd.conf
cat >"$conf" <<CONF
[daemon]
pid_file = $home/sockerlessd.pid
runtime_dir = $home/run
[listener main]
address = unix://$sock
mode = 0600
backend = aca
[backend aca]
plugin = $build/.libs/aca.so
state_db = $home/aca.db
CONF

if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
	for v in AZURE_RESOURCE_GROUP ACA_ENVIRONMENT AZURE_STORAGE_ACCOUNT; do
		eval "val=\${$v:-}"
		if [ -z "$val" ]; then
			echo "quickstart: AZURE_SUBSCRIPTION_ID is set but $v is not" >&2
			exit 1
		fi
	done
	cat >>"$conf" <<CONF
subscription_id = $AZURE_SUBSCRIPTION_ID
resource_group = $AZURE_RESOURCE_GROUP
environment = $ACA_ENVIRONMENT
storage_account = $AZURE_STORAGE_ACCOUNT
location = ${AZURE_LOCATION:-westeurope}
CONF
	target="Azure subscription $AZURE_SUBSCRIPTION_ID"
else
	# A fresh secret for this emulator instance; it stays in files of mode 0600.
	secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
	mkdir -p "$home/azemu"
	rm -f "$home/azemu.port"
	AZEMU_CLIENT_SECRET=$secret "$build/azemu" --listen 127.0.0.1:0 \
		--port-file "$home/azemu.port" --data-dir "$home/azemu" \
		--state-file "$home/azemu/state.json" --log-file "$home/azemu/requests.log" \
		--subscription 00000000-0000-0000-0000-000000000000 --resource-group sockerless \
		--location westeurope --storage-account sockerlessdev --environment sockerless-env \
		--tenant-id quickstart --client-id sockerless-quickstart \
		>"$home/azemu.log" 2>&1 &
	echo $! >"$home/azemu.pid"
	for _ in $(seq 1 100); do [ -s "$home/azemu.port" ] && break; sleep 0.1; done
	if [ ! -s "$home/azemu.port" ]; then
		echo "quickstart: azemu did not start; see $home/azemu.log" >&2
		exit 1
	fi
	port=$(cat "$home/azemu.port")
	cat >>"$conf" <<CONF
subscription_id = 00000000-0000-0000-0000-000000000000
resource_group = sockerless
environment = sockerless-env
storage_account = sockerlessdev
location = westeurope
arm_endpoint = http://127.0.0.1:$port
authority_host = http://127.0.0.1:$port
tenant_id = quickstart
client_id = sockerless-quickstart
client_secret = $secret
CONF
	target="azemu on 127.0.0.1:$port (data in $home/azemu)"
fi

nohup "$build/sockerlessd" --config "$conf" >"$home/sockerlessd.log" 2>&1 &
for _ in $(seq 1 100); do
	if curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; then
		echo "sockerlessd is serving $target"
		echo "logs: $home/sockerlessd.log; stop with: $0 stop"
		echo "export DOCKER_HOST=unix://$sock"
		exit 0
	fi
	sleep 0.1
done
echo "quickstart: sockerlessd did not start; see $home/sockerlessd.log" >&2
tail -5 "$home/sockerlessd.log" >&2
exit 1
