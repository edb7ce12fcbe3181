#!/bin/sh
# End to end with the real docker CLI: networks (create with labels,
# options and IPAM, ls with every filter, inspect by name/id/prefix, rm,
# prune), containers on them (create with --network/--network-alias/--ip,
# connect, disconnect) and Docker's messages for every error.
. "${SL_TOP_SRCDIR:-.}/tests/e2e/lib.sh"

command -v docker >/dev/null || skip_all "the docker CLI is not installed"
sl_start
require_networks

# d ARGS...: run the docker CLI; stdout in $out, stderr in $err, status in $rc.
d() {
	docker "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# d_fails DESC MESSAGE ARGS...: the command fails with Docker's daemon message.
d_fails() {
	desc=$1 msg=$2
	shift 2
	d "$@"
	# network rm adds a line of its own after the daemon's messages.
	err=$(printf '%s\n' "$err" | sed '/^exit status [0-9]*$/d')
	if [ "$rc" != 0 ] && [ "$err" = "Error response from daemon: $msg" ]; then
		ok "$desc"
	else
		not_ok "$desc" "exit $rc" "stderr: $err" "want:   Error response from daemon: $msg"
	fi
}

ids() { [ -z "$out" ] || printf '%s\n' "$out" | sort | tr '\n' ' '; }

# --- create -----------------------------------------------------------
d network create --label a=1 --label b=2 -o com.docker.network.driver.mtu=1400 \
	--subnet 10.5.0.0/24 --gateway 10.5.0.1 --ip-range 10.5.0.128/25 --internal n1
n1=$out
case $n1 in
[0-9a-f]*) expect_eq "network create prints a 64-hex id" "${#n1}" 64 ;;
*) not_ok "network create prints a 64-hex id" "$out" "$err" ;;
esac
d network create n2
n2=$out
d network create --label prune=1 p1
d network create --label prune=1 --label keep=1 p2

d network inspect n1 --format '{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{json .Labels}} {{json .Options}}'
expect_eq "inspect by name: labels, options, internal" "$out" \
	'n1 bridge local true {"a":"1","b":"2"} {"com.docker.network.driver.mtu":"1400"}'
d network inspect n1 --format '{{json .IPAM}}'
expect_eq "inspect: the IPAM config as given" "$out" \
	'{"Driver":"default","Options":{},"Config":[{"Subnet":"10.5.0.0/24","IPRange":"10.5.0.128/25","Gateway":"10.5.0.1"}]}'
d network inspect "$n1" --format '{{.Name}}'
expect_eq "inspect by full id" "$out" n1
short=$(printf '%.12s' "$n1")
d network inspect "$short" --format '{{.Name}}'
expect_eq "inspect by id prefix" "$out" n1
d network inspect n2 --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{json .Containers}} {{json .ConfigFrom}}'
case $out in
172.*.0.0/16\ 172.*.0.1\ {}\ {\"Network\":\"\"}) ok "inspect: an automatic pool shows its subnet and gateway" ;;
*) not_ok "inspect: an automatic pool shows its subnet and gateway" "$out" ;;
esac
d network inspect -v n1 --format '{{.Name}}'
expect_eq "inspect -v (verbose=true)" "$out" n1

d_fails "create: duplicate name" "network with name n1 already exists" network create n1
# The daemon's message ends with a space (as dockerd's does); the CLI trims it.
d_fails "create: predefined name" "operation is not permitted on predefined bridge network" \
	network create bridge
d_fails "create: unknown driver" 'plugin "nope" not found' network create -d nope n3
d_fails "create: subnet with host bits" "invalid network config:
invalid subnet 10.6.0.5/24: it should be 10.6.0.0/24" network create --subnet 10.6.0.5/24 n3
# (The CLI checks gateway and ip-range against the subnet itself; the API
# test sends those to the daemon.)
d_fails "create: overlapping pool" "Pool overlaps with other one on this address space" \
	network create --subnet 10.5.0.0/16 n3
d_fails "inspect: unknown network" "network nope not found" network inspect nope

# --- ls and its filters -------------------------------------------------
d network ls --format '{{.Name}}'
expect_eq "ls: predefined and created networks" "$(ids)" "bridge host n1 n2 none p1 p2 "
d network ls -q --filter name=n1
expect_eq "ls --filter name (12-char ids)" "$out" "$short"
d network ls --format '{{.Name}}' --filter name=n
expect_eq "ls --filter name is a substring match" "$(ids)" "n1 n2 none "
d network ls --format '{{.Name}}' --filter 'name=^n1$'
expect_eq "ls --filter name is a regular expression" "$(ids)" "n1 "
d network ls --format '{{.Name}}' --filter "id=$(printf '%s' "$n1" | cut -c3-10)"
expect_eq "ls --filter id matches inside the id" "$(ids)" "n1 "
d network ls --format '{{.Name}}' --filter label=a=1
expect_eq "ls --filter label=k=v" "$(ids)" "n1 "
d network ls --format '{{.Name}}' --filter label=prune
expect_eq "ls --filter label=k" "$(ids)" "p1 p2 "
d network ls --format '{{.Name}}' --filter label=prune=1 --filter label=keep
expect_eq "ls: several label filters all hold" "$(ids)" "p2 "
d network ls --format '{{.Name}}' --filter driver=null
expect_eq "ls --filter driver" "$(ids)" "none "
d network ls --format '{{.Name}}' --filter driver=bridg
expect_eq "ls --filter driver is exact" "$(ids)" ""
d network ls --format '{{.Name}}' --filter scope=local --filter type=custom
expect_eq "ls --filter scope and type=custom" "$(ids)" "n1 n2 p1 p2 "
d network ls --format '{{.Name}}' --filter type=builtin
expect_eq "ls --filter type=builtin" "$(ids)" "bridge host none "
d network ls --format '{{.Name}}' --filter scope=swarm
expect_eq "ls --filter scope=swarm" "$(ids)" ""
d network ls --format '{{.Name}}' --filter dangling=true
expect_eq "ls --filter dangling=true" "$(ids)" "n1 n2 p1 p2 "
d network ls --format '{{.Name}}' --filter dangling=false
expect_eq "ls --filter dangling=false" "$(ids)" "bridge host none "
d network ls --format json --filter name=n1
# The CLI joins labels in Go map order, which varies from run to run.
labels=$(printf '%s' "$out" | sed 's/.*"Labels":"\([^"]*\)".*/\1/' | tr ',' '\n' | sort | tr '\n' ' ')
expect_eq "ls --format json: the labels" "$labels" "a=1 b=2 "
expect_contains "ls --format json: the name" "$out" '"Name":"n1"'
d_fails "ls: unknown filter" "invalid filter 'bogus'" network ls --filter bogus=1
d_fails "ls: label! is not a list filter" "invalid filter 'label!'" network ls --filter 'label!=a'
d_fails "ls: bad type" "invalid filter: 'type'='weird'" network ls --filter type=weird
d_fails "ls: bad dangling" \
	'invalid value for filter '"'"'dangling'"'"', must be "true" (or "1"), or "false" (or "0")' \
	network ls --filter dangling=maybe

# --- containers on networks ----------------------------------------------
d create --name c1 --network n1 --network-alias web --ip 10.5.0.140 busybox sleep 100
c1=$out
expect_eq "create --network --network-alias --ip" "$rc" 0
d inspect c1 --format '{{json .NetworkSettings.Networks.n1.Aliases}} {{json .NetworkSettings.Networks.n1.IPAMConfig}} [{{.NetworkSettings.Networks.n1.IPAddress}}] {{.HostConfig.NetworkMode}}'
expect_eq "inspect: aliases and static IP as submitted, no address before start" "$out" \
	'["web"] {"IPv4Address":"10.5.0.140"} [] n1'
d ps -a --format '{{.Names}} {{.Status}} {{.Networks}}' --filter name=c1
expect_eq "ps -a: created, on n1" "$out" "c1 Created n1"
d_fails "create --ip on a network without a user subnet" \
	"invalid config for network n2: invalid endpoint settings:
user specified IP address is supported only when connecting to networks with user configured subnets" \
	create --network n2 --ip 172.30.0.9 busybox true
d_fails "create: a name taken" \
	"Conflict. The container name \"/c1\" is already in use by container \"$c1\". You have to remove (or rename) that container to be able to reuse that name." \
	create --name c1 busybox true
d_fails "create: bad container name" \
	"Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed" create --name=-x busybox true

d network connect --alias api n2 c1
expect_eq "network connect" "$rc" 0
d inspect c1 --format '{{json .NetworkSettings.Networks.n2.Aliases}}'
expect_eq "inspect after connect: the new endpoint's aliases" "$out" '["api"]'
d network connect n2 c1
expect_eq "connect again (created container): no error" "$rc" 0
d_fails "connect: unknown container" "No such container: nope" network connect n2 nope
d_fails "connect: alias on bridge" "invalid endpoint settings:
network-scoped alias is supported only for containers in user defined networks" \
	network connect --alias x bridge c1
d network disconnect n2 c1
expect_eq "network disconnect" "$rc" 0
d inspect c1 --format '{{if index .NetworkSettings.Networks "n2"}}still{{else}}gone{{end}}'
expect_eq "inspect after disconnect" "$out" gone
d_fails "disconnect again" "container $c1 is not connected to the network n2" \
	network disconnect n2 c1
d_fails "disconnect: unknown container" "No such container: nope" network disconnect n2 nope

# --- rm and prune ---------------------------------------------------------
d_fails "rm: predefined" "bridge is a pre-defined network and cannot be removed" network rm bridge
d_fails "rm: unknown" "network nope not found" network rm nope
d network prune -f --filter label=prune=1
expect_eq "prune --filter label" "$out" "Deleted Networks:
p1
p2"
d network prune -f --filter label=prune=1
expect_eq "prune again: nothing" "$out" ""
d_fails "prune: bad until" 'failed to parse value as time or duration: "garbage"' \
	network prune -f --filter until=garbage
d network rm n2
expect_eq "rm prints the name" "$out" n2
d rm c1
expect_eq "container rm" "$out" c1
d network rm n1
expect_eq "rm a network its removed container used" "$out" n1
d network ls --format '{{.Name}}'
expect_eq "ls at the end" "$(ids)" "bridge host none "
tap_done=1
