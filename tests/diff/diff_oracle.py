"""Differential test: a fixed list of requests is sent to sockerlessd
(aca plugin) and to a real dockerd (shared/tools/oracle-dockerd: dockerd
20.10, API 1.41, so every request uses /v1.41).  For each request the two
answers must have the same status code and the same JSON shape: the same
keys, the same types, the same null-versus-empty choices; error messages
must be equal.  Ids, times, addresses and other values that differ by
nature are normalised.  Differences that are expected (API or daemon
versions, the cloud backend) are listed in KNOWN with a reason each; any
other difference fails the test.

The oracle: SL_ORACLE_DOCKER_HOST=unix:///... reuses a running one;
otherwise the test starts its own (ORACLE_DIR in a private temp dir) and
stops it at the end.  When it cannot start, the test is skipped."""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

import sl_e2e  # noqa: E402

SRCDIR = os.environ.get("SL_TOP_SRCDIR", os.getcwd())
V = "/v1.41"
P = "df" + secrets.token_hex(3) + "-"        # unique names per run

# (request label, JSON path or "status" / "message") -> why the answers differ.
KNOWN = {
    ("create: no name", "status"):
        "dockerd 20.10 answers 500 (an untyped error); Docker 25+ and sockerless 400",
    ("list: unknown filter", "message"):
        "dockerd 20.10 capitalises 'Invalid filter'; Docker 25+ and sockerless do not",
    ("list: bad type", "status"):
        "dockerd answers 500 (an untyped error); sockerless reports bad input as 400",
    ("list: filters not JSON", "status"):
        "dockerd 20.10 answers 500 with the JSON decoder's text; Docker 25+ and sockerless 400 'invalid filter'",
    ("list: filters not JSON", "message"):
        "dockerd 20.10 answers 500 with the JSON decoder's text; Docker 25+ and sockerless 400 'invalid filter'",
    ("create: truncated JSON", "message"):
        "Docker 25+ prefixes 'invalid JSON: '; 20.10 did not",
    ("container create: no Config", "message"):
        "dockerd 20.10 capitalises 'Config cannot be empty'; Docker 25+ (runconfig.ErrEmptyConfig) and sockerless do not",
    ("container create: bad Binds entry", "status"):
        "dockerd answers 500 (an untyped error); sockerless reports bad input as 400",
    ("container create: a number for Hostname", "status"):
        "dockerd 20.10 answers 500 for JSON type errors; Docker 25+ and sockerless 400",
    ("container create: a number for Hostname", "message"):
        "Docker 25+ prefixes 'invalid JSON: ' and names CreateRequest (20.10: ContainerConfigWrapper)",
    ("version too new", "message"):
        "each daemon names its own maximum API version (1.41 / 1.47)",
    ("create: wrong content type", "message"):
        "Docker 25+ words it 'unsupported Content-Type header (...)'; 20.10 'Content-Type specified (...)'",
    ("prune: bad filter", "message"):
        "dockerd 20.10 capitalises 'Invalid filter'; Docker 25+ and sockerless do not",
    ("list builtin networks", "[].IPAM.Config[].Gateway"):
        "Docker 25+ shows the default bridge's gateway (docker-api.md 2.1); 20.10 in a fresh namespace did not",
    ("inspect bridge", "IPAM.Config[].Gateway"):
        "Docker 25+ shows the default bridge's gateway (docker-api.md 2.1); 20.10 in a fresh namespace did not",
    ("volume list: bad dangling", "message"):
        "dockerd 20.10 capitalises 'Invalid filter'; Docker 25+ and sockerless do not",
    ("volume list: unknown filter", "message"):
        "dockerd 20.10 capitalises 'Invalid filter'; Docker 25+ and sockerless do not",
    ("disconnect again", "message"):
        "dockerd 20.10 says 'to network'; 25+ (and sockerless) 'to the network' for a stopped container",
}
# Volumes: what an Azure Files volume shows differently from a local one.
VOLUME_KNOWN = {
    "Driver": "the backend's volume driver (Azure Files shares), not dockerd's local driver",
    "Status": "the backend reports the share behind the volume; dockerd's local driver has no status",
}
# Container inspect and list: what the two daemons show differently by design.
CONTAINER_KNOWN = {
    "Driver": "the backend's name stands where dockerd names its storage driver",
    "GraphDriver.Name": "the backend's name stands where dockerd names its storage driver",
    "HostConfig.RestartPolicy.Name": "Docker 25+ shows the default policy as \"no\"; 20.10 as \"\"",
    "HostConfig.KernelMemory": "removed from inspect in API 1.42 (omitempty since Docker 25)",
    "HostConfig.KernelMemoryTCP": "removed from inspect in API 1.42 (omitempty since Docker 25)",
    "HostConfig.MaskedPaths": "a runc setting: no local kernel runs the container, null",
    "HostConfig.ReadonlyPaths": "a runc setting: no local kernel runs the container, null",
    "GraphDriver.Data": "no local storage driver",
    "NetworkSettings.Networks.*.DNSNames": "added in API 1.44; dockerd 20.10 predates it",
    "NetworkSettings.Networks.*.Aliases": "Docker 25+ adds the short id before API 1.45 (20.10 at start only)",
    "Config.Volumes": "dockerd fills {} from the image; sockerless knows no image config (null as submitted)",
    "Config.Env": "dockerd merges the image's environment; sockerless knows no image config",
    "Config.Labels": "dockerd merges the image's labels ({}); sockerless shows the submitted labels",
}


def normalise(text):
    """Replace values that differ by nature: 64-hex ids, 12-hex short ids."""
    text = re.sub(r"\b[0-9a-f]{64}\b", "<id>", text)
    return re.sub(r"\b[0-9a-f]{12}\b", "<short-id>", text)


def kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def emptiness(v):
    return "empty" if v in ("", [], {}) else "non-empty"


def shape_diff(a, b, path=""):
    """Where the shapes of a (oracle) and b (sockerless) differ: [(path, what)]."""
    ka, kb = kind(a), kind(b)
    if ka != kb:
        return [(path, f"{ka} in dockerd, {kb} in sockerless")]
    if ka == "object":
        out = []
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in b:
                out.append((p, "missing in sockerless"))
            elif k not in a:
                out.append((p, "only in sockerless"))
            else:
                out += shape_diff(a[k], b[k], p)
        return out
    if ka == "array":
        if emptiness(a) != emptiness(b):
            return [(path, f"{emptiness(a)} array in dockerd, {emptiness(b)} in sockerless")]
        # Lists of named objects come in no particular order: pair them by name.
        if all(isinstance(x, dict) and "Name" in x for x in a + b):
            a = sorted(a, key=lambda x: str(x["Name"]))
            b = sorted(b, key=lambda x: str(x["Name"]))
        out = []
        for x, y in zip(a, b):
            out += shape_diff(x, y, path + "[]")
        return out
    if ka == "string" and path.split(".")[-1] in ("Name", "Driver", "Scope", "Status", "State"):
        # A few values are part of the contract, not just the shape.
        if a != b and not (re.fullmatch(r"[0-9a-f]{64}", a or "") and re.fullmatch(r"[0-9a-f]{64}", b or "")):
            return [(path, f"{a!r} in dockerd, {b!r} in sockerless")]
    return []


def known_reason(label, path):
    if (label, path) in KNOWN:
        return KNOWN[(label, path)]
    if label.startswith("volume"):
        generic = re.sub(r"^(Volumes\[\]\.|\[\]\.)", "", path)
        for k, why in VOLUME_KNOWN.items():
            if generic == k or generic.startswith(k + "."):
                return why
    if label.startswith("container"):
        generic = re.sub(r"^(\[\]\.)?NetworkSettings\.Networks\.[^.]+\.", "NetworkSettings.Networks.*.", path)
        generic = re.sub(r"^\[\]\.", "", generic)
        for k, why in CONTAINER_KNOWN.items():
            if generic == k or generic.startswith(k + "."):
                return why
    return None


class Side:
    """One daemon, the ids its answers gave, and a request helper."""

    def __init__(self, name, sock):
        self.name = name
        self.sock = sock
        self.ids = {}

    def request(self, method, path, body=None, content_type="application/json"):
        conn = sl_e2e.UnixHTTPConnection(self.sock)
        headers = {}
        data = None
        if body is not None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            headers["Content-Type"] = content_type
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        parsed = None
        if raw.strip():
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw.decode(errors="replace")
        return resp.status, parsed

    def expand(self, text):
        """{id:key} and {short:key} become this daemon's ids."""
        text = re.sub(r"\{id:(\w+)\}", lambda m: self.ids[m.group(1)], text)
        return re.sub(r"\{short:(\w+)\}", lambda m: self.ids[m.group(1)][:12], text)


def q(filters):
    return "?filters=" + urllib.parse.quote(json.dumps(filters))


# (label, method, path, body, save-id-as, content type)
REQUESTS = [
    ("list builtin networks", "GET", "/networks" + q({"type": ["builtin"]}), None, None),
    ("create: labels and options", "POST", "/networks/create",
     {"Name": P + "n1", "Labels": {"a": "1"}, "Options": {"com.docker.network.driver.mtu": "1400"}}, "n1"),
    ("create: duplicate", "POST", "/networks/create", {"Name": P + "n1", "CheckDuplicate": True}, None),
    ("create: user IPAM", "POST", "/networks/create",
     {"Name": P + "n2", "Internal": True, "IPAM": {"Driver": "default", "Options": {"o": "1"}, "Config": [
         {"Subnet": "10.77.0.0/24", "Gateway": "10.77.0.1", "IPRange": "10.77.0.128/25",
          "AuxiliaryAddresses": {"h": "10.77.0.5"}}]}}, "n2"),
    ("create: docker-py nulls", "POST", "/networks/create",
     {"Name": P + "n3", "Driver": None, "Options": None, "IPAM": None, "CheckDuplicate": None}, "n3"),
    ("create: predefined name", "POST", "/networks/create", {"Name": "bridge"}, None),
    ("create: no name", "POST", "/networks/create", {}, None),
    ("create: unknown driver", "POST", "/networks/create", {"Name": P + "x", "Driver": "nosuch"}, None),
    ("create: truncated JSON", "POST", "/networks/create", '{"Name":', None),
    ("create: wrong content type", "POST", "/networks/create", '{"Name":"x"}', None, "text/plain"),
    ("inspect by name", "GET", "/networks/" + P + "n1", None, None),
    ("inspect user IPAM", "GET", "/networks/" + P + "n2", None, None),
    ("inspect docker-py nulls", "GET", "/networks/" + P + "n3", None, None),
    ("inspect by id", "GET", "/networks/{id:n1}", None, None),
    ("inspect by short id", "GET", "/networks/{short:n1}", None, None),
    ("inspect verbose", "GET", "/networks/" + P + "n1?verbose=true", None, None),
    ("inspect unknown", "GET", "/networks/" + P + "nope", None, None),
    ("inspect bridge", "GET", "/networks/bridge", None, None),
    ("list: label (list form)", "GET", "/networks" + q({"label": ["a=1"]}), None, None),
    ("list: label (map form)", "GET", "/networks" + q({"label": {"a=1": True}}), None, None),
    ("list: name", "GET", "/networks" + q({"name": [P + "n"]}), None, None),
    ("list: driver", "GET", "/networks" + q({"driver": ["null"]}), None, None),
    ("list: unknown filter", "GET", "/networks" + q({"bogus": ["x"]}), None, None),
    ("list: bad type", "GET", "/networks" + q({"type": ["weird"]}), None, None),
    ("list: bad dangling", "GET", "/networks" + q({"dangling": ["maybe"]}), None, None),
    ("list: filters not JSON", "GET", "/networks?filters=notjson", None, None),
    ("container create on a network", "POST", "/containers/create?name=" + P + "c1",
     {"Image": "busybox", "Cmd": ["sleep", "100"], "Labels": {"l": "v"},
      "HostConfig": {"NetworkMode": P + "n1"},
      "NetworkingConfig": {"EndpointsConfig": {P + "n1": {"Aliases": ["web"]}}}}, "c1"),
    ("container inspect", "GET", "/containers/" + P + "c1/json", None, None),
    ("container list", "GET", "/containers/json?all=1" + "&filters=" +
     urllib.parse.quote(json.dumps({"name": [P + "c1"]})), None, None),
    ("connect", "POST", "/networks/" + P + "n2/connect",
     {"Container": P + "c1", "EndpointConfig": {"Aliases": ["x"]}}, None),
    ("container inspect after connect", "GET", "/containers/" + P + "c1/json", None, None),
    ("connect: unknown container", "POST", "/networks/" + P + "n2/connect", {"Container": P + "nope"}, None),
    ("disconnect", "POST", "/networks/" + P + "n2/disconnect", {"Container": P + "c1", "Force": False}, None),
    ("disconnect again", "POST", "/networks/" + P + "n2/disconnect", {"Container": P + "c1"}, None),
    ("container create: no Config", "POST", "/containers/create", {}, None),
    ("container create: bad Binds entry", "POST", "/containers/create",
     {"Image": "busybox", "HostConfig": {"Binds": ["/x:rw"]}}, None),
    ("container create: a number for Hostname", "POST", "/containers/create",
     {"Image": "busybox", "Hostname": 5}, None),
    ("container create: bad name", "POST", "/containers/create?name=a", {"Image": "busybox"}, None),
    ("container create: mount at /", "POST", "/containers/create",
     {"Image": "busybox", "HostConfig": {"Mounts": [{"Type": "volume", "Target": "/"}]}}, None),
    ("container remove", "DELETE", "/containers/" + P + "c1?force=1", None, None),
    ("container inspect unknown", "GET", "/containers/" + P + "c1/json", None, None),
    ("remove bridge", "DELETE", "/networks/bridge", None, None),
    ("prune by label", "POST", "/networks/prune" + q({"label": ["a=1"]}), None, None),
    ("prune again", "POST", "/networks/prune" + q({"label": ["a=1"]}), None, None),
    ("prune: bad filter", "POST", "/networks/prune" + q({"dangling": ["true"]}), None, None),
    ("remove", "DELETE", "/networks/" + P + "n2", None, None),
    ("remove again", "DELETE", "/networks/" + P + "n2", None, None),
    ("remove docker-py network", "DELETE", "/networks/" + P + "n3", None, None),
    ("volume list, empty", "GET", "/volumes", None, None),
    ("volume create: named, labels", "POST", "/volumes/create",
     {"Name": P + "v1", "Labels": {"env": "test"}, "Driver": "local"}, None),
    ("volume create: named, docker-py style", "POST", "/volumes/create",
     {"Name": P + "v2", "Driver": "local", "DriverOpts": None, "Labels": None}, None),
    ("volume create: again", "POST", "/volumes/create", {"Name": P + "v1", "Labels": {"other": "x"}}, None),
    ("volume create: too short", "POST", "/volumes/create", {"Name": "a"}, None),
    ("volume create: bad name", "POST", "/volumes/create", {"Name": "bad/name"}, None),
    ("volume inspect", "GET", "/volumes/" + P + "v1", None, None),
    ("volume inspect: no labels", "GET", "/volumes/" + P + "v2", None, None),
    ("volume inspect unknown", "GET", "/volumes/" + P + "nope", None, None),
    ("volume list: name", "GET", "/volumes" + q({"name": [P + "v"]}), None, None),
    ("volume list: label", "GET", "/volumes" + q({"label": ["env=test"]}), None, None),
    ("volume list: bad dangling", "GET", "/volumes" + q({"dangling": ["maybe"]}), None, None),
    ("volume list: unknown filter", "GET", "/volumes" + q({"bogus": ["x"]}), None, None),
    ("volume remove", "DELETE", "/volumes/" + P + "v2", None, None),
    ("volume remove unknown", "DELETE", "/volumes/" + P + "v2", None, None),
    ("volume remove unknown, force", "DELETE", "/volumes/" + P + "v2?force=1", None, None),
    ("volume prune: nothing", "POST", "/volumes/prune" + q({"label": ["nope=1"]}), None, None),
    ("volume remove last", "DELETE", "/volumes/" + P + "v1", None, None),
    ("unknown route", "GET", "/nosuchthing", None, None),
    ("version too new", "GET", "/v1.99/networks", None, None),
]


def start_oracle(tap):
    """(docker socket path, stop function) or skip."""
    host = os.environ.get("SL_ORACLE_DOCKER_HOST")
    if host:
        return host[len("unix://"):], lambda: None
    tool = os.path.join(SRCDIR, "..", "shared", "tools", "oracle-dockerd")
    if not os.access(tool, os.X_OK):
        tap.skip_all(f"no oracle-dockerd at {tool}")
    odir = tempfile.mkdtemp(prefix="sldo.", dir="/tmp")
    env = dict(os.environ, ORACLE_DIR=odir)
    try:
        res = subprocess.run([tool, "start"], env=env, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        shutil.rmtree(odir, ignore_errors=True)
        tap.skip_all(f"the oracle dockerd cannot start: {e}")
    m = re.search(r"DOCKER_HOST=unix://(\S+)", res.stdout)
    if res.returncode != 0 or not m:
        shutil.rmtree(odir, ignore_errors=True)
        tap.skip_all("the oracle dockerd cannot start: " + (res.stderr.strip().splitlines() or ["?"])[-1])

    def stop():
        subprocess.run([tool, "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(odir, ignore_errors=True)
    return m.group(1), stop


def main():
    tap = sl_e2e.Tap()
    # azemu behind the backend, so that volumes (Azure Files shares) work.
    d = sl_e2e.Daemon(tap, azemu=True)
    d.start()
    sl_e2e.require_networks(tap, d)
    oracle_sock, stop_oracle = start_oracle(tap)
    try:
        run(tap, Side("dockerd", oracle_sock), Side("sockerless", d.sock))
    finally:
        stop_oracle()
    tap.done = True


def run(tap, oracle, ours):
    for req in REQUESTS:
        label, method, path, body, save = req[:5]
        ctype = req[5] if len(req) > 5 else "application/json"
        answers = []
        for side in (oracle, ours):
            p = side.expand(path) if re.match(r"/v[0-9]", path) else V + side.expand(path)
            answers.append(side.request(method, p, body, ctype))
            if save and answers[-1][0] == 201 and isinstance(answers[-1][1], dict):
                side.ids[save] = answers[-1][1]["Id"]
        (sa, ba), (sb, bb) = answers
        diffs = []
        if sa != sb:
            diffs.append(("status", f"{sa} from dockerd, {sb} from sockerless"))
        if isinstance(ba, dict) and isinstance(bb, dict) and set(ba) == {"message"} == set(bb):
            ma, mb = normalise(ba["message"]), normalise(bb["message"])
            if ma != mb:
                diffs.append(("message", f"dockerd: {ma!r}; sockerless: {mb!r}"))
        elif isinstance(ba, list) and isinstance(bb, list) and label.startswith("list"):
            # Lists of networks: compare as sets by name.
            na = sorted(x.get("Name") for x in ba)
            nb = sorted(x.get("Name") for x in bb)
            if na != nb:
                diffs.append(("names", f"{na} from dockerd, {nb} from sockerless"))
            for x, y in zip(sorted(ba, key=lambda n: n["Name"]), sorted(bb, key=lambda n: n["Name"])):
                diffs += shape_diff(x, y, "[]")
        else:
            diffs += shape_diff(ba, bb)
        unknown = [(p, w) for p, w in diffs if known_reason(label, p) is None]
        known = [(p, w, known_reason(label, p)) for p, w in diffs if known_reason(label, p) is not None]
        if unknown:
            tap.not_ok(f"{method} {path.split('?')[0]} ({label})",
                       *[f"{p}: {w}" for p, w in unknown])
        else:
            tap.ok(f"{method} {path.split('?')[0]} ({label}): {sb}")
        for p, w, why in known:
            print(f"#   known difference {p or '(body)'}: {w} -- {why}")


if __name__ == "__main__":
    main()
