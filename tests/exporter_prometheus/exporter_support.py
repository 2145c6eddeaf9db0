"""Shared by the exporter's process-level tests: start tgperf commands and Prometheus on loopback,
read their banners (never a fixed sleep), fetch over HTTP, and clean up every child."""
import json
import os
import re
import select
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77

# Loopback only: no proxy from the environment, no token from the caller's environment.
CHILD_ENV = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy") and k.lower() != "tgperf_token"}
urllib.request.install_opener(urllib.request.build_opener(urllib.request.ProxyHandler({})))


class Child:
    """A process whose stdout is read line by line until a pattern appears."""

    def __init__(self, args, log_path, stderr_too=False):
        """stderr_too: read stderr with stdout (Prometheus logs its readiness there); else it goes to log_path."""
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT if stderr_too else self.log,
                                     env=CHILD_ENV)
        self.output = ""

    def await_match(self, pattern, timeout=30.0):
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            m = regex.search(self.output)
            if m:
                return m
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                self.output += chunk.decode("utf-8", "replace")
        m = regex.search(self.output)
        if not m:
            raise AssertionError(f"{self.proc.args[0]}: no {pattern!r} in its output: {self.output!r}")
        return m

    def stop(self):
        """SIGTERM, then the exit status (SIGKILL after 20 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class Listener:
    """A TCP listener on 127.0.0.1: the kernel completes handshakes; a thread accepts and closes."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        while True:
            try:
                conn, _ = self.sock.accept()
                conn.close()
            except OSError:
                return


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, headers=None, timeout=30):
    """(status, body text) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def start_exporter(tgperf, tmp, config, extra=()):
    path = os.path.join(tmp, "exporter.json")
    with open(path, "w") as f:
        json.dump(config, f)
    child = Child([tgperf, "exporter", "--listen", "127.0.0.1:0", "--config", path, *extra], os.path.join(tmp, "exporter.log"))
    port = int(child.await_match(r"tgperf exporter on http://127\.0\.0\.1:(\d+)/").group(1))
    return child, port


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
