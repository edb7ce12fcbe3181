#!/bin/sh
# A create the client was told succeeded survives kill -9: the network
# (and a container on it) are there, unchanged, after a restart.
. "${SL_TOP_SRCDIR:-.}/tests/e2e/lib.sh"

sl_start
require_networks

ids=""
for i in 1 2 3 4 5; do
	code=$(api POST /v1.47/networks/create "{\"Name\":\"dur-$i\",\"Labels\":{\"round\":\"$i\"}}")
	if [ "$code" = 201 ]; then
		ids="$ids $(body | sed 's/.*"Id":"\([0-9a-f]*\)".*/\1/')"
	else
		not_ok "create dur-$i" "status $code: $(body)"
	fi
done
code=$(api POST '/v1.47/containers/create?name=dur-c' \
	'{"Image":"busybox","HostConfig":{"NetworkMode":"dur-5"},"NetworkingConfig":{"EndpointsConfig":{"dur-5":{"Aliases":["db"]}}}}')
expect_eq "create a container on the last network" "$code" 201
# No pause: the last acknowledged write is what kill -9 must not lose.
sl_kill9
sl_start
i=1
for id in $ids; do
	code=$(api GET "/v1.47/networks/dur-$i")
	got=$(body | sed 's/.*"Id":"\([0-9a-f]*\)".*/\1/')
	expect_eq "after kill -9: dur-$i is there with its id" "$code $got" "200 $id"
	expect_contains "after kill -9: dur-$i keeps its labels" "$(body)" "\"Labels\":{\"round\":\"$i\"}"
	i=$((i + 1))
done
code=$(api GET /v1.47/containers/dur-c/json)
expect_eq "after kill -9: the container is there" "$code" 200
expect_contains "after kill -9: its endpoint and alias" "$(body)" '"dur-5":{"IPAMConfig":null,"Links":null,"Aliases":["db"]'
# And a second crash right after a remove.
code=$(api DELETE /v1.47/containers/dur-c)
expect_eq "remove the container" "$code" 204
code=$(api DELETE /v1.47/networks/dur-1)
expect_eq "remove dur-1" "$code" 204
sl_kill9
sl_start
expect_eq "after kill -9: the removed network stays removed" "$(api GET /v1.47/networks/dur-1)" 404
expect_eq "after kill -9: the removed container stays removed" "$(api GET /v1.47/containers/dur-c/json)" 404
expect_eq "after kill -9: the others are still there" "$(api GET /v1.47/networks/dur-2)" 200
tap_done=1
