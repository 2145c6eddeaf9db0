#!/usr/bin/env python3
"""getMe throughput of `tgperf serve` next to nginx serving the same body (a benchmark, not a test).

nginx (one worker, access log off) is the loopback ceiling: it answers every request with the very
bytes `tgperf serve` answers getMe with, fetched from a running serve first, so both write the same
body over the same loopback. `wrk -t1 -c64` (one client thread, 64 keep-alive connections) loads one
server at a time, alternating, for --rounds rounds:

  nginx 1 worker          the ceiling
  tgperf serve --threads 1
  tgperf serve --threads 2

and the median of the rounds is printed with every round's figure and the ratio to nginx. The
machine's other load hits all rows alike within a round; compare ratios, not absolute figures.

nginx's keepalive_requests is raised so that, like tgperf serve, it never closes a keep-alive
connection during a run (its default of 1000 would make wrk reconnect).

With --baseline OTHER_TGPERF (e.g. a build of the previous commit) a fourth row, that binary's
serve --threads 1, shows a change's effect in the same rounds.

Usage: serve_vs_nginx.py TGPERF_BINARY [--seconds S] [--rounds R] [--connections C] [--baseline B]
Needs nginx and wrk (apt-get install nginx wrk); exits 77 when either is missing.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
GET_ME = f"/bot{TOKEN}/getMe"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def start_serve(binary: str, threads: int) -> tuple:
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--threads", str(threads),
                                "--messages", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, process)
    return process, port


def nginx_string(body: bytes) -> str:
    # An nginx single-quoted string: backslash and quote escaped; the body is JSON without newlines.
    return "'" + body.decode().replace("\\", "\\\\").replace("'", "\\'") + "'"


def start_nginx(workdir: str, body: bytes) -> tuple:
    port = free_port()
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/body;
  proxy_temp_path {workdir}/proxy;
  fastcgi_temp_path {workdir}/fastcgi;
  uwsgi_temp_path {workdir}/uwsgi;
  scgi_temp_path {workdir}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      default_type application/json;
      return 200 {nginx_string(body)};
    }}
  }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-p", workdir], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_listening(port, process)
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(port: int, seconds: int, connections: int) -> float:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", f"http://127.0.0.1:{port}{GET_ME}"],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--baseline", help="another tgperf binary whose serve --threads 1 is a fourth row")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
            print(f"{tool} is not installed (apt-get install nginx wrk)", file=sys.stderr)
            return 77
    os.environ["PATH"] += os.pathsep + "/usr/sbin"

    workdir = tempfile.mkdtemp(prefix="tgperf-serve-vs-nginx-")
    servers = []
    try:
        serve1, port1 = start_serve(args.binary, 1)
        servers.append(serve1)
        body = urllib.request.urlopen(f"http://127.0.0.1:{port1}{GET_ME}").read()
        serve2, port2 = start_serve(args.binary, 2)
        servers.append(serve2)
        nginx, nginx_port = start_nginx(workdir, body)
        servers.append(nginx)
        if urllib.request.urlopen(f"http://127.0.0.1:{nginx_port}{GET_ME}").read() != body:
            raise SystemExit("nginx does not answer the same body")

        rows = [("nginx, 1 worker", nginx_port), ("tgperf serve --threads 1", port1),
                ("tgperf serve --threads 2", port2)]
        if args.baseline:
            baseline, baseline_port = start_serve(args.baseline, 1)
            servers.append(baseline)
            rows.append(("baseline serve --threads 1", baseline_port))
        figures = {name: [] for name, _ in rows}
        for name, port in rows:  # warm-up: connections, caches, the emulator's first bot
            wrk(port, 1, args.connections)
        print(f"getMe ({len(body)} bytes of JSON), wrk -t1 -c{args.connections} -d{args.seconds}s, "
              f"{args.rounds} alternating rounds, {os.cpu_count()} cores shared by client and server")
        for _ in range(args.rounds):
            for name, port in rows:
                figures[name].append(wrk(port, args.seconds, args.connections))
        ceiling = statistics.median(figures[rows[0][0]])
        print(f"{'server':<26}{'req/s':>10}{'x nginx':>9}   rounds")
        for name, _ in rows:
            median = statistics.median(figures[name])
            runs = " ".join(f"{x:.0f}" for x in figures[name])
            print(f"{name:<26}{median:>10.0f}{median / ceiling:>9.2f}   {runs}")
        t1 = statistics.median(figures[rows[1][0]])
        t2 = statistics.median(figures[rows[2][0]])
        print(f"--threads 2 over --threads 1: {t2 / t1:.2f}x")
    finally:
        for process in servers:
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
