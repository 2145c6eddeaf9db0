#!/bin/sh
# The shipped monitoring files (packaging/exporter) pass Prometheus' own checks, and the dashboard
# is JSON whose queries use only series the exporter exports. Exit 77 (skipped) without promtool.
# Usage: promtool_check.sh SOURCE_DIR
set -eu
dir="$1/packaging/exporter"
command -v promtool >/dev/null 2>&1 || { echo "SKIPPED: promtool not installed (apt-get install prometheus)"; exit 77; }
promtool check rules "$dir/tgperf-alerts.yml"
promtool check config "$dir/prometheus.yml"
python3 - "$dir/tgperf-dashboard.json" <<'PY'
import json, re, sys
dashboard = json.load(open(sys.argv[1]))
known = ("probe_success", "tgperf_ping_", "tgperf_curl_timing_", "tgperf_webhook_", "tgperf_exporter_")
exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
assert exprs, "no queries"
for expr in exprs:
    bare = re.sub(r"\{[^}]*\}|\[[^]]*\]|\bby\s*\([^)]*\)", " ", expr)  # matchers, ranges, grouping
    names = [n for n in re.findall(r"\b([a-z_:][a-z0-9_:]*)\b(?!\s*\()", bare)]
    assert names and all(n.startswith(known) for n in names), f"unknown series in {expr!r}"
print(f"dashboard: {len(dashboard['panels'])} panels, {len(exprs)} queries")
PY
