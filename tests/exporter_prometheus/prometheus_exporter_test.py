#!/usr/bin/env python3
"""A real Prometheus (Debian's `prometheus`) scrapes `tgperf exporter` on loopback in the multi-target
pattern: a tcp module against a local listener and a botapi module against `tgperf serve`. Its HTTP
API must then show probe_success 1 for both, plausible RTT and phase series, and no series or label
value carrying the token. The exporter's /probe text also passes `promtool check metrics`.

Usage: prometheus_exporter_test.py TGPERF_BINARY. Exit 77 (skipped) without prometheus."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exporter_support import SKIP, Child, Listener, free_port, http_get, start_exporter  # noqa: E402

SECRET = "PromTestSECRETsecret_0123456789abcdef"
TOKEN = "987654321:" + SECRET
DEADLINE_S = 90


def query(prom, expr):
    status, body = http_get(f"http://127.0.0.1:{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    assert status == 200, f"query {expr}: HTTP {status}: {body}"
    return json.loads(body)["data"]["result"]


def wait_for(prom, expr, accept, what):
    """Polls an instant query until accept(result) holds; a bounded deadline, no fixed sleep per se."""
    deadline = time.monotonic() + DEADLINE_S
    result = []
    while time.monotonic() < deadline:
        result = query(prom, expr)
        if accept(result):
            return result
        time.sleep(0.25)  # the poll cadence of the deadline loop, not a synchronisation
    raise AssertionError(f"{what}: {expr} never satisfied within {DEADLINE_S} s; last result {result}")


def main():
    tgperf = sys.argv[1]
    prometheus = shutil.which("prometheus")
    promtool = shutil.which("promtool")
    if not prometheus or not promtool:
        print("SKIPPED: prometheus/promtool not installed (apt-get install prometheus)")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="tgperf-prom-")
    children = []
    try:
        token_file = os.path.join(tmp, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        listener = Listener()
        serve = Child([tgperf, "serve", "--listen", "127.0.0.1:0", "--token", TOKEN], os.path.join(tmp, "serve.log"))
        children.append(serve)
        serve_port = int(serve.await_match(r"http://127\.0\.0\.1:(\d+)").group(1))
        exporter, exporter_port = start_exporter(tgperf, tmp, {
            "allowed_targets": ["127.0.0.1:*"],
            "modules": {
                "tcp": {"prober": "tcp", "count": 3, "interval": "50ms", "timeout": "1s"},
                "botapi": {"prober": "botapi", "scheme": "http", "token_file": token_file, "count": 2, "timeout": "2s"},
            },
        })
        children.append(exporter)

        # The exporter's text is valid for Prometheus' own linter.
        for module, port in (("tcp", listener.port), ("botapi", serve_port)):
            status, body = http_get(f"http://127.0.0.1:{exporter_port}/probe?target=127.0.0.1:{port}&module={module}")
            assert status == 200, (module, status, body)
            lint = subprocess.run([promtool, "check", "metrics"], input=body.encode(), capture_output=True)
            assert lint.returncode == 0, (module, lint.stdout, lint.stderr, body)
            assert SECRET not in body

        prom_port = free_port()
        relabel = [
            {"source_labels": ["__address__"], "target_label": "__param_target"},
            {"source_labels": ["__param_target"], "target_label": "instance"},
            {"target_label": "__address__", "replacement": f"127.0.0.1:{exporter_port}"},
        ]
        config = {
            "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
            "scrape_configs": [
                {"job_name": "tgperf_tcp", "metrics_path": "/probe", "params": {"module": ["tcp"]},
                 "static_configs": [{"targets": [f"127.0.0.1:{listener.port}"]}], "relabel_configs": relabel},
                {"job_name": "tgperf_botapi", "metrics_path": "/probe", "params": {"module": ["botapi"]},
                 "static_configs": [{"targets": [f"127.0.0.1:{serve_port}"]}], "relabel_configs": relabel},
                {"job_name": "tgperf_exporter", "static_configs": [{"targets": [f"127.0.0.1:{exporter_port}"]}]},
            ],
        }
        config_path = os.path.join(tmp, "prometheus.yml")
        with open(config_path, "w") as f:
            json.dump(config, f)  # JSON is YAML
        check = subprocess.run([promtool, "check", "config", config_path], capture_output=True)
        assert check.returncode == 0, check.stdout + check.stderr
        prom = Child([prometheus, f"--config.file={config_path}", f"--storage.tsdb.path={tmp}/data",
                      f"--web.listen-address=127.0.0.1:{prom_port}"], os.path.join(tmp, "prometheus.log"), stderr_too=True)
        children.append(prom)
        prom.await_match(r"Server is ready to receive web requests", timeout=60)

        both = wait_for(prom_port, 'probe_success{job=~"tgperf_tcp|tgperf_botapi"} == 1',
                        lambda r: {s["metric"]["job"] for s in r} == {"tgperf_tcp", "tgperf_botapi"}, "probe_success 1")
        print("probe_success:", [(s["metric"]["job"], s["metric"]["instance"], s["value"][1]) for s in both])

        rtt = query(prom_port, f'tgperf_ping_rtt_seconds{{job="tgperf_tcp",quantile="0.5"}}')
        assert len(rtt) == 1, rtt
        rtt_s = float(rtt[0]["value"][1])
        assert 0 < rtt_s < 1.0, f"loopback median RTT {rtt_s} s"
        assert rtt[0]["metric"]["target"] == f"127.0.0.1:{listener.port}"
        print(f"tcp median RTT {rtt_s * 1e6:.0f} us")

        phases = query(prom_port, 'tgperf_curl_timing_phase_seconds{job="tgperf_botapi",quantile="0.5"}')
        seen = {(s["metric"]["connection"], s["metric"]["phase"]): float(s["value"][1]) for s in phases}
        print("getMe median phases (s):", seen)
        for key in (("new", "tcp"), ("new", "total"), ("reused", "total"), ("reused", "server")):
            assert key in seen, f"no {key} phase series in {sorted(seen)}"
        for key, value in seen.items():
            assert 0 < value < 2.0, f"{key}: {value} s"  # a phase that did not happen is absent, never 0
        assert not any(conn == "reused" and phase in ("dns", "tcp", "tls") for conn, phase in seen), seen
        assert not any(phase == "tls" for _, phase in seen), "plain http has no tls phase"
        assert seen[("new", "tcp")] <= seen[("new", "total")]

        ok = query(prom_port, 'tgperf_curl_timing_requests_total{job="tgperf_botapi",status="ok"}')
        assert len(ok) == 1 and float(ok[0]["value"][1]) == 2.0, ok
        # The exporter's own job is scraped on its own schedule: awaited like the probes.
        wait_for(prom_port, 'tgperf_exporter_probes_total{job="tgperf_exporter",result="success"} > 0',
                 lambda r: {s["metric"]["module"] for s in r} == {"tcp", "botapi"}, "the exporter's own counters")

        # No series, label name or label value anywhere in the database carries the token.
        status, body = http_get(f"http://127.0.0.1:{prom_port}/api/v1/series?" + urllib.parse.urlencode({"match[]": '{__name__=~".+"}'}))
        assert status == 200
        series = json.loads(body)["data"]
        assert len(series) > 20, f"only {len(series)} series"
        assert SECRET not in body, "the token is in a series"
        assert "987654321" not in body, "the bot id is in a series"
        status, names = http_get(f"http://127.0.0.1:{prom_port}/api/v1/labels")
        assert SECRET not in names
        for name in json.loads(names)["data"]:
            status, values = http_get(f"http://127.0.0.1:{prom_port}/api/v1/label/{name}/values")
            assert SECRET not in values, f"label {name}"
        print(f"{len(series)} series, none carries the token")
    finally:
        exits = {c.proc.args[1] if len(c.proc.args) > 1 else c.proc.args[0]: c.stop() for c in reversed(children)}
        for log in ("exporter.log", "serve.log", "prometheus.log"):
            path = os.path.join(tmp, log)
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    assert SECRET not in f.read(), f"the token is in {log}"
        for c in children:
            assert SECRET not in c.output, f"the token is in the output of {c.proc.args[0]}"
        shutil.rmtree(tmp, ignore_errors=True)
    assert exits.get("exporter") == 0, f"tgperf exporter exited {exits.get('exporter')} on SIGTERM"
    return 0


if __name__ == "__main__":
    sys.exit(main())
