#!/bin/sh
# End to end with the docker CLI: container create/inspect/ps/rm with
# volumes, mounts and networks, ps filters, and the routes the backend
# does not implement yet answering 501 with a clear message.
. "${SL_TOP_SRCDIR:-.}/tests/e2e/lib.sh"

command -v docker >/dev/null || skip_all "the docker CLI is not installed"
sl_start
code=$(api GET /v1.47/containers/json)
[ "$code" = 501 ] && skip_all "the backend does not implement containers yet"

d() {
	docker "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

d_fails() {
	desc=$1 msg=$2
	shift 2
	d "$@"
	if [ "$rc" != 0 ] && [ "$err" = "Error response from daemon: $msg" ]; then
		ok "$desc"
	else
		not_ok "$desc" "exit $rc" "stderr: $err" "want:   Error response from daemon: $msg"
	fi
}

d network create cn >/dev/null
# Binds and tmpfs only: volumes need the backend's Azure Files settings.
d create --name web -l app=web -e A=1 -w /srv -v /data:/data -v /srv:/srv:ro \
	--mount type=tmpfs,dst=/tmp/t --network cn --network-alias www busybox sleep 60
web=$out
expect_eq "create with volumes, mounts and a network" "$rc" 0
d inspect web --format '{{.Name}} {{.State.Status}} {{.Path}} {{json .Args}} {{.Config.WorkingDir}} {{json .Config.Env}} {{json .Config.Labels}}'
expect_eq "inspect: name, state, command, config" "$out" \
	'/web created sleep ["60"] /srv ["A=1"] {"app":"web"}'
d inspect web --format '{{range .HostConfig.Binds}}{{.}} {{end}}{{json .Config.Volumes}} {{.HostConfig.NetworkMode}} {{len .HostConfig.Mounts}}'
expect_contains "inspect: Binds echoed" "$out" "/data:/data "
expect_contains "inspect: Binds echoed (read-only)" "$out" "/srv:/srv:ro "
expect_contains "inspect: Volumes (the CLI sends {}), NetworkMode and Mounts echoed" "$out" '{} cn 1'
d inspect web --format '{{range .Mounts}}{{.Type}}:{{.Destination}}:{{.RW}}:{{.Propagation}} {{end}}'
for m in bind:/data:true:rprivate bind:/srv:false:rprivate; do
	expect_contains "inspect: mount $m" "$out" "$m"
done
d inspect web --format '{{.Config.Hostname}}'
expect_eq "inspect: the hostname defaults to the short id" "$out" "$(printf '%.12s' "$web")"

d create --name job busybox true
d ps -a --format '{{.Names}}' --filter status=created
expect_eq "ps --filter status=created" "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "job web "
d ps -a --format '{{.Names}}' --filter label=app=web
expect_eq "ps --filter label" "$out" web
d ps -a --format '{{.Names}}' --filter network=cn
expect_eq "ps --filter network" "$out" web
d ps -a --format '{{.Names}}' --filter volume=/data
expect_eq "ps --filter volume" "$out" web
d ps -a --format '{{.Names}}' --filter "id=$(printf '%.6s' "$web")"
expect_eq "ps --filter id" "$out" web
d ps --format '{{.Names}}'
expect_eq "ps shows running containers only" "$out" ""
d ps -a -n 1 --format '{{.Names}}'
expect_eq "ps -n 1: the newest" "$out" job
d_fails "ps: bad status filter" "invalid filter 'status=bogus'" ps -a --filter status=bogus
d_fails "ps: a filter sockerless does not evaluate" "filter 'ancestor' is not supported by sockerless" \
	ps -a --filter ancestor=busybox

d_fails "create: duplicate mount point" "Duplicate mount point: /d" \
	create -v a1:/d --mount type=volume,src=a2,dst=/d busybox true
d_fails "create: a bad mount" 'invalid mount config for type "volume": must not set ReadOnly mode when using anonymous volumes' \
	create --mount type=volume,dst=/x,readonly busybox true
d_fails "inspect: unknown container" "No such container: nope" container inspect nope

# Routes the backend has no hook for answer 501 with the operation's name.
code=$(api POST /v1.47/containers/job/start '{"HostConfig":{"Privileged":true}}')
if [ "$code" = 501 ]; then
	expect_eq "start without a start hook: 501" "$(body)" \
		'{"message":"container start is not supported by backend main"}'
else
	expect_eq "start with a HostConfig body: 400" "$code $(body)" \
		'400 {"message":"starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24"}'
fi
code=$(api POST '/v1.47/containers/job/wait?condition=bogus')
if [ "$code" = 501 ]; then
	ok "wait without a wait hook: 501"
else
	expect_eq "wait: bad condition" "$code $(body)" '400 {"message":"invalid condition: \"bogus\""}'
fi
code=$(api POST '/v1.47/containers/job/stop?t=x')
if [ "$code" = 501 ]; then
	ok "stop without a stop hook: 501"
else
	expect_eq "stop: bad t" "$code" 400
fi
d volume ls
if [ "$rc" != 0 ]; then
	expect_eq "volume ls without volume hooks" "$err" \
		"Error response from daemon: volume list is not supported by backend main"
else
	ok "volume ls"
fi

d rm web job
expect_eq "rm" "$(printf '%s\n' "$out" | tr '\n' ' ')" "web job "
d ps -a -q
expect_eq "no containers left" "$out" ""
d network rm cn >/dev/null
tap_done=1
