#!/bin/sh
# End to end with the docker CLI: volumes (Azure Files shares, on azemu)
# through the gateway's volume codecs: create named and anonymous, name
# rules, ls with its filters, inspect, rm, prune and its API-version rule,
# and a volume in use by a container.
. "${SL_TOP_SRCDIR:-.}/tests/e2e/lib.sh"

command -v docker >/dev/null || skip_all "the docker CLI is not installed"
sl_use_azemu
sl_start
code=$(api GET /v1.47/volumes)
[ "$code" = 501 ] && skip_all "the backend does not implement volumes yet"

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

names() { [ -z "$out" ] || printf '%s\n' "$out" | sort | tr '\n' ' '; }

d volume create --label team=a v1
expect_eq "create a named volume" "$out" v1
d volume create v2
d volume create
anon=$out
expect_eq "create without a name: a 64-hex name" "$(printf '%s' "$anon" | tr -d '0-9a-f' | wc -c) ${#anon}" "0 64"
d volume inspect v1 --format '{{.Name}} {{json .Labels}} {{json .Options}} {{.Scope}}'
expect_eq "inspect: labels as given, options null" "$out" 'v1 {"team":"a"} null local'
d volume inspect v2 --format '{{json .Labels}}'
expect_eq "inspect: no labels is null" "$out" null
d volume inspect "$anon" --format '{{json .Labels}}'
expect_eq "inspect: the anonymous label" "$out" '{"com.docker.volume.anonymous":""}'
code=$(api GET /v1.47/volumes/v1)
case $(body) in
*'"CreatedAt":"'????-??-??T??:??:??[Z+-]*) ok "CreatedAt to the second" ;;
*) not_ok "CreatedAt to the second" "$(body)" ;;
esac

d_fails "create: one-character name" \
	"create a: volume name is too short, names should be at least two alphanumeric characters" \
	volume create a
d_fails "create: invalid characters" \
	'create bad/name: "bad/name" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path' \
	volume create bad/name

d volume ls -q --filter name=v
expect_eq "ls --filter name (substring)" "$(names)" "v1 v2 "
d volume ls -q --filter 'name=^v1$'
expect_eq "ls --filter name (regex)" "$(names)" "v1 "
d volume ls -q --filter label=team=a
expect_eq "ls --filter label" "$(names)" "v1 "
d volume ls -q --filter label=com.docker.volume.anonymous
expect_eq "ls --filter the anonymous label" "$(names)" "$anon "
d_fails "ls: bad dangling" "invalid filter 'dangling=[maybe]'" volume ls --filter dangling=maybe
d_fails "ls: label! is not a list filter" "invalid filter 'label!'" volume ls --filter 'label!=x'
code=$(api GET '/v1.47/volumes?filters=%5B1')
expect_eq "ls: filters that are not JSON" "$code $(body)" \
	'400 {"message":"error reading volume filters: invalid filter"}'

d create --name user -v v1:/data busybox true
expect_eq "a container uses v1" "$rc" 0
d volume ls -q --filter dangling=false
expect_eq "ls --filter dangling=false" "$(names)" "v1 "
d volume ls -q --filter dangling=true
expect_eq "ls --filter dangling=true" "$(names)" "$anon v2 "

d volume prune -f
expect_contains "prune (API 1.47): anonymous volumes only" "$out" "$anon"
expect_absent "prune (API 1.47): named volumes stay" "$out" "v2"
d volume ls -q
expect_eq "after prune" "$(names)" "v1 v2 "
code=$(api POST '/v1.41/volumes/prune')
expect_eq "prune before API 1.42: every unused volume" "$code $(body)" \
	'200 {"VolumesDeleted":["v2"],"SpaceReclaimed":0}'
code=$(api POST '/v1.47/volumes/prune?filters=%7B%22all%22%3A%5B%221%22%2C%220%22%5D%7D')
expect_eq "prune: two values for all" "$code $(body)" \
	'400 {"message":"invalid filter '"'"'all=[1 0]'"'"': only one value is expected"}'
code=$(api POST '/v1.47/volumes/prune')
expect_eq "prune with nothing to do: [] not null" "$code $(body)" \
	'200 {"VolumesDeleted":[],"SpaceReclaimed":0}'

d rm user
d volume rm v1
expect_eq "rm" "$out" v1
d_fails "rm: unknown" "get v1: no such volume" volume rm v1
d volume rm -f v1
expect_eq "rm -f: unknown is fine" "$rc" 0
d volume ls -q
expect_eq "no volumes left" "$out" ""
tap_done=1
