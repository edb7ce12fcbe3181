#!/usr/bin/python3
"""Volume benchmark (`make bench`, not part of make check).

Starts azemu and sockerlessd with the aca plugin on a private socket and
measures, over one keep-alive HTTP connection:

  - create / inspect / list (name filter) / remove latency of named
    volumes (an Azure Files share and an environment storage each, on
    azemu: two ARM calls to create, two to remove);
  - with BENCH_VOLUMES (10 000) volumes in the store: GET /volumes for all
    of them, by a label 1 % of them carry, by a label all carry, and by one
    exact name.

The 10 000 are anonymous volumes made through the API (no Azure call;
their rows, labels and indexes are those of any volume).  Prints median,
p90, p99 and max per operation and checks the target: the list of 10 000
by label under 20 ms (median).  Exit status 1 when it is missed.

Sizes: BENCH_VOLUMES, BENCH_ITERATIONS (named volumes per latency run)."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BUILD = os.environ.get("SL_TOP_BUILDDIR", ".")
N = int(os.environ.get("BENCH_VOLUMES", "10000"))
ITER = int(os.environ.get("BENCH_ITERATIONS", "200"))
LIST_RUNS = 20
TARGET_LABEL_LIST_MS = 20.0


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class Client:
    def __init__(self, sock):
        self.conn = UnixHTTP(sock)

    def call(self, method, path, body=None):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        text = r.read()
        return r.status, text


def wait_for(what, fn, limit=60.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.02)
    raise RuntimeError("gave up waiting for " + what)


def stats(samples):
    s = sorted(samples)

    def pct(p):
        return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]
    return {"n": len(s), "median": pct(0.5), "p90": pct(0.9), "p99": pct(0.99), "max": s[-1]}


def report(name, samples):
    st = stats(samples)
    print("%-34s n=%-5d median %8.3f ms  p90 %8.3f  p99 %8.3f  max %8.3f" %
          (name, st["n"], st["median"], st["p90"], st["p99"], st["max"]))
    return st


def timed(fn):
    t0 = time.perf_counter()
    status, body = fn()
    return (time.perf_counter() - t0) * 1000.0, status, body


def main():
    d = tempfile.mkdtemp(prefix="slvb.", dir="/tmp")
    sock = os.path.join(d, "d.sock")
    procs = []
    try:
        port_file = os.path.join(d, "azemu.port")
        procs.append(subprocess.Popen(
            [os.path.join(BUILD, "azemu"), "--listen", "127.0.0.1:0", "--port-file", port_file,
             "--data-dir", os.path.join(d, "azemu"), "--subscription", "sub-bench",
             "--resource-group", "rg", "--storage-account", "slbench", "--environment", "env",
             "--tenant-id", "t", "--client-id", "c", "--client-secret", "bench-secret",
             "--share-delete-window-ms", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        port = wait_for("azemu", lambda: os.path.exists(port_file) and
                        open(port_file).read().strip())
        conf = os.path.join(d, "sl.conf")
        with open(conf, "w") as f:
            f.write("""[daemon]
runtime_dir = {d}/run
log_level = warning
[listener main]
address = unix://{sock}
backend = main
[backend main]
plugin = {build}/.libs/aca.so
state_db = {d}/state.db
subscription_id = sub-bench
resource_group = rg
environment = env
storage_account = slbench
arm_endpoint = http://127.0.0.1:{port}
authority_host = http://127.0.0.1:{port}
tenant_id = t
client_id = c
client_secret = bench-secret
reconcile_interval_s = 0
""".format(d=d, sock=sock, build=BUILD, port=port))
        sl = subprocess.Popen([os.path.join(BUILD, "sockerlessd"), "--config", conf],
                              stdout=open(os.path.join(d, "sl.log"), "w"),
                              stderr=subprocess.STDOUT)
        procs.append(sl)

        def up():
            try:
                return Client(sock).call("GET", "/_ping")[0] == 200
            except OSError:
                return False
        wait_for("sockerlessd", up)
        c = Client(sock)
        print("== %d named volumes on azemu: create, inspect, list, remove" % ITER)
        lat = {"create": [], "inspect": [], "list (name filter)": [], "remove": []}
        names_filter = urllib.parse.quote(json.dumps({"name": ["^bench-0$"]}))
        for i in range(ITER):
            name = "bench-%d" % i
            ms, status, body = timed(lambda: c.call("POST", "/v1.47/volumes/create",
                                                    {"Name": name}))
            assert status == 201, body
            lat["create"].append(ms)
            ms, status, body = timed(lambda: c.call("GET", "/v1.47/volumes/" + name))
            assert status == 200, body
            lat["inspect"].append(ms)
            ms, status, body = timed(lambda: c.call("GET", "/v1.47/volumes?filters=" +
                                                    names_filter))
            assert status == 200, body
            lat["list (name filter)"].append(ms)
        for i in range(ITER):
            ms, status, body = timed(lambda: c.call("DELETE", "/v1.47/volumes/bench-%d" % i))
            assert status == 204, body
            lat["remove"].append(ms)
        for k, v in lat.items():
            report(k, v)

        print("== filling %d volumes (1 %% labelled bench-one=1, all bench-all=1)" % N)
        t0 = time.perf_counter()
        errors = []

        def fill(first, step):
            cl = Client(sock)
            for i in range(first, N, step):
                labels = {"bench-all": "1", "seq": str(i)}
                if i % 100 == 0:
                    labels["bench-one"] = "1"
                status, body = cl.call("POST", "/v1.47/volumes/create", {"Labels": labels})
                if status != 201:
                    errors.append(body)
        threads = [threading.Thread(target=fill, args=(k, 8)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors[:3]
        print("filled in %.1f s" % (time.perf_counter() - t0))
        status, body = c.call("GET", "/v1.47/volumes")
        one = json.loads(body)["Volumes"][N // 2]["Name"]

        print("== lists with %d volumes (%d runs each)" % (N, LIST_RUNS))
        cases = [
            ("list all", "", N),
            ("list by label (1 %)", json.dumps({"label": ["bench-one=1"]}), N // 100),
            ("list by label (all)", json.dumps({"label": ["bench-all=1"]}), N),
            ("list by exact name", json.dumps({"name": ["^%s$" % one]}), 1),
        ]
        results = {}
        for name, filt, want in cases:
            path = "/v1.47/volumes" + ("?filters=" + urllib.parse.quote(filt) if filt else "")
            samples = []
            for _ in range(LIST_RUNS):
                ms, status, body = timed(lambda: c.call("GET", path))
                assert status == 200
                samples.append(ms)
            got = len(json.loads(body)["Volumes"])
            assert got == want, (name, got, want)
            results[name] = report("%s (%d)" % (name, got), samples)
        ms = results["list by label (1 %)"]["median"]
        ok = ms < TARGET_LABEL_LIST_MS
        print("target: list of %d by label under %.0f ms: %.2f ms, %s" %
              (N, TARGET_LABEL_LIST_MS, ms, "met" if ok else "MISSED"))
        return 0 if ok else 1
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                p.wait()
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
