"""End to end with python3-docker (docker-py): networks and containers
through the client's own encodings (list-form filters, '+' for spaces in
query strings, nulls in bodies), and the daemon's answers at the HTTP level
for what the CLI checks before sending (IPAM, bodies, API versions)."""

import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sl_e2e  # noqa: E402

tap = sl_e2e.Tap()
try:
    import docker
    from docker.types import IPAMConfig, IPAMPool
except ImportError:
    tap.skip_all("python3-docker is not installed")

d = sl_e2e.Daemon(tap)
d.start()
sl_e2e.require_networks(tap, d)

client = docker.DockerClient(base_url=d.url, version="auto")
api = client.api


def api_error(fn, *args, **kwargs):
    """(status, explanation) of the APIError fn raises, or (None, result)."""
    try:
        return None, fn(*args, **kwargs)
    except docker.errors.APIError as e:
        return e.status_code, e.explanation


tap.eq("version negotiated from GET /version", api.api_version, "1.47")

# --- create -------------------------------------------------------------
ipam = IPAMConfig(pool_configs=[IPAMPool(subnet="172.28.0.0/16", iprange="172.28.5.0/24",
                                         gateway="172.28.5.254", aux_addresses={"a": "172.28.1.5"})])
n1 = client.networks.create("py-n1", driver="bridge", ipam=ipam, labels={"team": "a", "env": "test"},
                            options={"com.docker.network.driver.mtu": "1400"})
n1.reload()
tap.eq("create with IPAM: the pool as given", n1.attrs["IPAM"]["Config"],
       [{"Subnet": "172.28.0.0/16", "IPRange": "172.28.5.0/24", "Gateway": "172.28.5.254",
         "AuxiliaryAddresses": {"a": "172.28.1.5"}}])
tap.eq("create: IPAM.Options null when docker-py sends null", n1.attrs["IPAM"]["Options"], None)
tap.eq("create: labels", n1.attrs["Labels"], {"team": "a", "env": "test"})
tap.eq("create: options", n1.attrs["Options"], {"com.docker.network.driver.mtu": "1400"})
spaced = client.networks.create("test 01", labels={"sp": "1"})
tap.eq("a name with a space", client.networks.get("test 01").name, "test 01")
n2 = client.networks.create("py-n2", internal=True, attachable=True, check_duplicate=True)

status, msg = api_error(client.networks.create, "py-n1")
tap.eq("duplicate name: 409 and Docker's message", (status, msg),
       (409, "network with name py-n1 already exists"))
status, msg = api_error(client.networks.create, "bridge")
tap.eq("predefined name: 403, message with its trailing space", (status, msg),
       (403, "operation is not permitted on predefined bridge network "))

# --- list filters in docker-py's list form -------------------------------
def names(**filters):
    return sorted(n.name for n in client.networks.list(filters=filters))


tap.eq("list filter name (list form, '+' for the space after ':')", names(name="py-n"),
       ["py-n1", "py-n2"])
tap.eq("list filter name with a space in the value", names(name="test 01"), ["test 01"])
tap.eq("list filter label key=value", names(label="team=a"), ["py-n1"])
tap.eq("list filter several labels", names(label=["team=a", "env=test"]), ["py-n1"])
tap.eq("list filter label with no match", names(label="team=b"), [])
tap.eq("list filter id (substring of the id)", names(id=n1.id[5:20]), ["py-n1"])
tap.eq("list filter driver", names(driver="null"), ["none"])
tap.eq("list filter type=builtin", names(type="builtin"), ["bridge", "host", "none"])
tap.eq("list filter type=custom", names(type="custom"), ["py-n1", "py-n2", "test 01"])
status, msg = api_error(client.networks.list, filters={"bogus": "1"})
tap.eq("list: unknown filter", (status, msg), (400, "invalid filter 'bogus'"))
listed = api.networks(names=["py-n1"])
tap.eq("list: Containers is {} in lists", listed[0]["Containers"], {})

# Both wire forms, sent raw.
for form, query in (("map form", '{"label":{"team=a":true}}'), ("list form", '{"label":["team=a"]}')):
    status, body, _, _ = d.request("GET", "/v1.47/networks?filters=" + urllib.parse.quote(query))
    tap.eq(f"raw filters, {form}", (status, [n["Name"] for n in body]), (200, ["py-n1"]))
status, body, _, _ = d.request("GET", "/v1.47/networks?filters=notjson")
tap.eq("filters that are not JSON", (status, body), (400, {"message": "invalid filter"}))

# --- inspect ---------------------------------------------------------------
tap.eq("inspect by id prefix", api.inspect_network(n1.id[:12])["Name"], "py-n1")
status, body, _, _ = d.request("GET", "/v1.47/networks/py-n1?verbose=maybe")
tap.eq("inspect ?verbose=maybe", (status, body),
       (400, {"message": "invalid value for verbose: maybe: strconv.ParseBool: parsing \"maybe\": invalid syntax"}))
status, body, _, _ = d.request("GET", "/v1.47/networks/py-n1?verbose=true")
tap.eq("inspect ?verbose=true", (status, body["Name"]), (200, "py-n1"))
status, body, _, _ = d.request("GET", "/v1.47/networks/py-nope")
tap.eq("inspect unknown", (status, body), (404, {"message": "network py-nope not found"}))
keys = sorted(api.inspect_network("py-n2").keys())
tap.eq("inspect: Docker's keys", keys,
       sorted(["Name", "Id", "Created", "Scope", "Driver", "EnableIPv6", "IPAM", "Internal", "Attachable",
               "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels"]))

# --- what the CLI would refuse before sending ------------------------------
for desc, body, want in (
        ("bad subnet", {"Name": "py-bad", "IPAM": {"Config": [{"Subnet": "foo"}]}},
         (400, "invalid network config:\ninvalid subnet foo: invalid CIDR block notation")),
        ("gateway outside the subnet",
         {"Name": "py-bad", "IPAM": {"Config": [{"Subnet": "10.9.0.0/24", "Gateway": "10.9.1.1"}]}},
         (400, "invalid network config:\ninvalid gateway 10.9.1.1: parent subnet 10.9.0.0/24 doesn't contain this address")),
        ("no name", {}, (400, "invalid name: ")),
        ("a number for a name", {"Name": 5},
         (400, "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.Name of type string")),
):
    status, resp, _, _ = d.request("POST", "/v1.47/networks/create", body)
    tap.eq(f"create: {desc}", (status, resp.get("message") if isinstance(resp, dict) else resp), want)
status, resp, _, headers = d.request("POST", "/v1.47/networks/create", '{"Name":"x"}', "text/plain")
tap.eq("create: wrong Content-Type", (status, resp),
       (400, {"message": "unsupported Content-Type header (text/plain): must be 'application/json'"}))
tap.eq("errors are application/json exactly", headers.get("Content-Type"), "application/json")
status, resp, _, _ = d.request("POST", "/v1.47/networks/create", '{"Name":')
tap.eq("create: truncated JSON", status, 400)

# --- containers --------------------------------------------------------------
c1 = api.create_container("busybox", ["sleep", "100"], name="py-c1",
                          host_config=api.create_host_config(network_mode="py-n1",
                                                             binds=["/srv:/data:ro"]),
                          networking_config=api.create_networking_config({
                              "py-n1": api.create_endpoint_config(aliases=["web"], ipv4_address="172.28.5.10")}))
info = api.inspect_container(c1["Id"])
ep = info["NetworkSettings"]["Networks"]["py-n1"]
tap.eq("container create: endpoint as submitted", (ep["Aliases"], ep["IPAMConfig"], ep["IPAddress"]),
       (["web"], {"IPv4Address": "172.28.5.10"}, ""))
tap.eq("container create: DNSNames null before start (1.47)", ep["DNSNames"], None)
tap.eq("container create: the bind mount",
       [(m["Type"], m["Source"], m["Destination"], m["RW"], m["Propagation"]) for m in info["Mounts"]],
       [("bind", "/srv", "/data", False, "rprivate")])
status, body, _, _ = d.request("GET", f"/v1.44/containers/{c1['Id']}/json")
tap.eq("API 1.44: the short id joins the aliases",
       body["NetworkSettings"]["Networks"]["py-n1"]["Aliases"], ["web", c1["Id"][:12]])
status, body, _, _ = d.request("GET", f"/v1.43/containers/{c1['Id']}/json")
tap.check("API 1.43: no DNSNames", "DNSNames" not in body["NetworkSettings"]["Networks"]["py-n1"])

c2 = api.create_container("busybox", ["true"], name="py-c2")
tap.eq("default network mode is bridge", api.inspect_container(c2)["HostConfig"]["NetworkMode"], "bridge")
api.connect_container_to_network(c2, "py-n2", aliases=["x"])
tap.eq("connect", api.inspect_container(c2)["NetworkSettings"]["Networks"]["py-n2"]["Aliases"], ["x"])
api.disconnect_container_from_network(c2, "py-n2")
tap.check("disconnect", "py-n2" not in api.inspect_container(c2)["NetworkSettings"]["Networks"])
status, msg = api_error(api.connect_container_to_network, "py-nope", "py-n1")
tap.eq("connect: unknown container", (status, msg), (404, "No such container: py-nope"))

for desc, query, body, want in (
        ("two endpoints before API 1.44", "/v1.43/containers/create",
         {"Image": "busybox", "NetworkingConfig": {"EndpointsConfig": {"py-n1": {}, "py-n2": {}}}},
         (400, "Container cannot be created with multiple network endpoints: py-n1, py-n2")),
        ("duplicate mount point", "/v1.47/containers/create",
         {"Image": "busybox", "HostConfig": {"Binds": ["v5:/d"],
                                             "Mounts": [{"Type": "volume", "Source": "v6", "Target": "/d"}]}},
         (400, "Duplicate mount point: /d")),
        ("mount at /", "/v1.47/containers/create",
         {"Image": "busybox", "HostConfig": {"Mounts": [{"Type": "volume", "Target": "/"}]}},
         (400, "invalid mount config for type \"volume\": invalid specification: destination can't be '/'")),
        ("bad Binds mode", "/v1.47/containers/create",
         {"Image": "busybox", "HostConfig": {"Binds": ["v:/d:bogus"]}}, (400, "invalid mode: bogus")),
        ("no Config", "/v1.47/containers/create", {}, (400, "config cannot be empty in order to create a container")),
        ("bad name", "/v1.47/containers/create?name=a", {"Image": "busybox"},
         (400, "Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")),
):
    status, resp, _, _ = d.request("POST", query, body)
    tap.eq(f"container create: {desc}", (status, resp.get("message") if isinstance(resp, dict) else resp), want)

tap.eq("containers list, all", sorted(c["Names"][0] for c in api.containers(all=True)), ["/py-c1", "/py-c2"])
tap.eq("containers list, filter network",
       [c["Names"][0] for c in api.containers(all=True, filters={"network": "py-n1"})], ["/py-c1"])
tap.eq("containers list, running only", api.containers(), [])
status, msg = api_error(api.containers, all=True, filters={"status": "bogus"})
tap.eq("containers list: bad status", (status, msg), (400, "invalid filter 'status=bogus'"))

# Hooks the backend does not have yet answer 501, clearly.
status, body, _, _ = d.request("GET", "/v1.47/volumes")
if status == 501:
    tap.eq("volume list without volume hooks", body, {"message": "volume list is not supported by backend main"})
else:
    tap.eq("volume list", status, 200)

api.remove_container(c1, v=True, force=True)
api.remove_container(c2)
tap.eq("containers removed", api.containers(all=True), [])

# --- prune and remove --------------------------------------------------------
client.networks.create("py-p1", labels={"prune": "yes"})
pruned = api.prune_networks(filters={"label": "prune=yes"})
tap.eq("prune with a label filter", pruned, {"NetworksDeleted": ["py-p1"]})
tap.eq("prune again: null", api.prune_networks(filters={"label": "prune=yes"}), {"NetworksDeleted": None})
status, msg = api_error(api.prune_networks, filters={"until": ["a", "b"]})
tap.eq("prune: two until values", (status, msg), (400, "more than one until filter specified"))
status, msg = api_error(api.prune_networks, filters={"dangling": "true"})
tap.eq("prune: dangling is not a prune filter", (status, msg), (400, "invalid filter 'dangling'"))
for n in (n1, n2, spaced):
    n.remove()
status, msg = api_error(api.remove_network, "py-n1")
tap.eq("remove again", (status, msg), (404, "network py-n1 not found"))
tap.eq("only the predefined networks are left", names(), ["bridge", "host", "none"])
tap.done = True
