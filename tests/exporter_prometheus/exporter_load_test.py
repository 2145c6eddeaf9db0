#!/usr/bin/env python3
"""Load test and benchmark of `tgperf exporter` on loopback: REQUESTS /probe requests from PARALLEL
client threads against a tcp module and a local listener, with --max-concurrent-probes LIMIT.

Asserts (no timing thresholds): every request gets 200 or 503 (no reset, no crash); the exporter's
own high-water mark never exceeds the limit; its counters agree with what the clients saw; it is still
alive afterwards and exits 0 on SIGTERM. Prints probes/s and the exporter's RSS before and after
(the figures the issue asks for; they vary with the machine and are never pass/fail).

Usage: exporter_load_test.py TGPERF_BINARY [REQUESTS [PARALLEL [LIMIT]]]"""
import concurrent.futures
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exporter_support import Listener, http_get, start_exporter, vm_rss_kib  # noqa: E402


def metric(text, series):
    m = re.search(r"^" + re.escape(series) + r" (\S+)$", text, re.M)
    assert m, f"no {series} in /metrics"
    return float(m.group(1))


def main():
    tgperf = sys.argv[1]
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    parallel = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    tmp = tempfile.mkdtemp(prefix="tgperf-load-")
    listener = Listener()
    exporter, port = start_exporter(tgperf, tmp, {
        "allowed_targets": ["127.0.0.1:*"],
        "modules": {"tcp": {"prober": "tcp", "count": 1, "timeout": "1s"}},
    }, ("--max-concurrent-probes", str(limit), "--quiet"))
    try:
        url = f"http://127.0.0.1:{port}/probe?target=127.0.0.1:{listener.port}&module=tcp"
        headers = {"X-Prometheus-Scrape-Timeout-Seconds": "5"}
        assert http_get(url, headers)[0] == 200  # warm-up: one probe before the figures
        rss_before = vm_rss_kib(exporter.proc.pid)
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
            statuses = list(pool.map(lambda _: http_get(url, headers)[0], range(requests)))
        elapsed = time.monotonic() - started
        rss_after = vm_rss_kib(exporter.proc.pid)
        ok, busy = statuses.count(200), statuses.count(503)
        assert ok + busy == requests, f"unexpected answers: {sorted(set(statuses))}"
        assert exporter.proc.poll() is None, "the exporter died under load"
        status, text = http_get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        high_water = metric(text, "tgperf_exporter_probes_running_max")
        assert 1 <= high_water <= limit, f"{high_water} probes ran at once, limit {limit}"
        assert metric(text, "tgperf_exporter_probes_running") == 0
        done = metric(text, 'tgperf_exporter_probes_total{module="tcp",result="success"}') + \
            metric(text, 'tgperf_exporter_probes_total{module="tcp",result="failure"}')
        assert done == ok + 1, f"exporter counted {done} probes, clients got {ok} + 1 answers"
        assert metric(text, 'tgperf_exporter_probes_rejected_total{reason="busy"}') == busy
        print(f"{requests} requests from {parallel} clients, --max-concurrent-probes {limit}: "
              f"{ok} probed, {busy} answered 503, at most {high_water:.0f} probes at once")
        print(f"{ok / elapsed:.0f} probes/s ({requests / elapsed:.0f} requests/s) over {elapsed:.2f} s")
        print(f"exporter RSS {rss_before} KiB before, {rss_after} KiB after")
    finally:
        code = exporter.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, f"tgperf exporter exited {code} on SIGTERM"
    return 0


if __name__ == "__main__":
    sys.exit(main())
