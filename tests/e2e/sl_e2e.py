"""Helpers for the Python end-to-end tests: TAP output and a private
sockerlessd with the aca plugin from the build tree (the same setup as
tests/e2e/lib.sh).  Everything started is stopped and the temp dir removed
at exit."""

import atexit
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BUILDDIR = os.environ.get("SL_TOP_BUILDDIR", os.getcwd())


class Tap:
    """TAP lines with the plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = False
        self.skip_reason = None
        self.done = False
        atexit.register(self._finish)

    def ok(self, desc):
        self.n += 1
        print(f"ok {self.n} - {desc}", flush=True)

    def not_ok(self, desc, *details):
        self.n += 1
        self.failed = True
        print(f"not ok {self.n} - {desc}", flush=True)
        for d in details:
            for line in str(d).splitlines() or [""]:
                print(f"# {line}", flush=True)

    def check(self, desc, cond, *details):
        if cond:
            self.ok(desc)
        else:
            self.not_ok(desc, *details)

    def eq(self, desc, got, want):
        self.check(desc, got == want, f"got:  {got!r}", f"want: {want!r}")

    def skip_all(self, reason):
        self.skip_reason = reason
        sys.exit(0)

    def _finish(self):
        if self.skip_reason is not None:
            print(f"1..0 # SKIP {self.skip_reason}", flush=True)
            return
        if not self.done:
            self.not_ok("the test script ended early")
        print(f"1..{self.n}", flush=True)


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.path)
        self.sock = s


class Daemon:
    """sockerlessd on a private unix socket; its state survives restarts."""

    def __init__(self, tap, azemu=False):
        """azemu: also start azemu and point the backend at it (volumes need Azure Files)."""
        self.tap = tap
        # Short: unix socket paths must stay under 108 bytes.
        self.dir = tempfile.mkdtemp(prefix="sle.", dir="/tmp")
        self.sock = os.path.join(self.dir, "docker.sock")
        self.proc = None
        self.azemu = None
        self.log = open(os.path.join(self.dir, "sockerlessd.log"), "ab")
        atexit.register(self.cleanup)
        extra = self._start_azemu() if azemu else ""
        with open(os.path.join(self.dir, "sockerlessd.conf"), "w") as f:
            f.write(f"""[daemon]
runtime_dir = {self.dir}/run
[listener main]
address = unix://{self.sock}
backend = main
[backend main]
plugin = {BUILDDIR}/.libs/aca.so
state_db = {self.dir}/state.db
{extra}""")

    def _start_azemu(self):
        """Start azemu; returns the backend keys that point at it."""
        exe = os.path.join(BUILDDIR, "azemu")
        if not os.access(exe, os.X_OK):
            self.tap.skip_all("azemu is not built")
        data = os.path.join(self.dir, "azemu")
        os.mkdir(data)
        port_file = os.path.join(self.dir, "azemu.port")
        self.azemu = subprocess.Popen(
            [exe, "--listen", "127.0.0.1:0", "--port-file", port_file, "--data-dir", data,
             "--state-file", os.path.join(data, "state.json"),
             "--log-file", os.path.join(data, "requests.log"),
             "--subscription", "00000000-0000-0000-0000-000000000000",
             "--resource-group", "sockerless", "--location", "westeurope",
             "--storage-account", "slstore", "--environment", "slenv",
             "--dns-zone", "sockerless.internal",
             "--tenant-id", "11111111-1111-1111-1111-111111111111",
             "--client-id", "22222222-2222-2222-2222-222222222222",
             "--client-secret", "local-secret"],
            stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                break
            if self.azemu.poll() is not None:
                break
            time.sleep(0.05)
        else:
            self.tap.not_ok("azemu starts", self.log_tail())
            sys.exit(1)
        if self.azemu.poll() is not None:
            self.tap.not_ok("azemu starts", self.log_tail())
            sys.exit(1)
        with open(port_file) as f:
            port = f.read().strip()
        return f"""arm_endpoint = http://127.0.0.1:{port}
authority_host = http://127.0.0.1:{port}
tenant_id = 11111111-1111-1111-1111-111111111111
client_id = 22222222-2222-2222-2222-222222222222
client_secret = local-secret
subscription_id = 00000000-0000-0000-0000-000000000000
resource_group = sockerless
storage_account = slstore
environment = slenv
"""

    @property
    def url(self):
        return "unix://" + self.sock

    def start(self):
        self.proc = subprocess.Popen(
            [os.path.join(BUILDDIR, "sockerlessd"), "--config",
             os.path.join(self.dir, "sockerlessd.conf")],
            stdout=self.log, stderr=self.log)
        # Generous: the machine may be busy building or testing other things.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/_ping")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        state = "still starting after 60 s" if self.proc.poll() is None else \
            f"exited with status {self.proc.returncode}"
        self.tap.not_ok("sockerlessd starts", state, self.log_tail())
        sys.exit(1)

    def stop(self):
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
            self.proc = None

    def kill9(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=30)
            self.proc = None

    def request(self, method, path, body=None, content_type="application/json"):
        """(status, parsed JSON body or text or None, raw bytes, headers)."""
        conn = UnixHTTPConnection(self.sock)
        headers = {}
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            headers["Content-Type"] = content_type
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        parsed = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw.decode(errors="replace")
        return resp.status, parsed, raw, dict(resp.getheaders())

    def log_tail(self, n=20):
        try:
            with open(os.path.join(self.dir, "sockerlessd.log"), "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""

    def cleanup(self):
        if self.tap.failed:
            print("# sockerlessd log (last lines):")
            for line in self.log_tail().splitlines():
                print(f"#   {line}")
        try:
            self.stop()
        except Exception:  # a hung daemon must not keep the temp dir
            self.kill9()
        if self.azemu is not None:
            self.azemu.terminate()
            self.azemu.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def require_networks(tap, daemon):
    """Skip when the backend has no network hooks yet."""
    if daemon.request("GET", "/v1.47/networks")[0] == 501:
        tap.skip_all("the backend does not implement networks yet")
