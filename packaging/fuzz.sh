#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz (clang from Debian; packaging/install-deps.sh installs it).
#
#   packaging/fuzz.sh smoke            build build-fuzz-check, run each target briefly over a temp copy
#                                      of its seed corpus; fails on any crash, sanitizer report, failed
#                                      property, timeout or OOM. For CI: about 2-3 min on 2 cores.
#   packaging/fuzz.sh long [SECONDS]   build build-fuzz, run each target SECONDS (default 600) in turn
#                                      (fork mode: a crash is saved and fuzzing goes on); the corpus
#                                      grows in build-fuzz/corpus/<target> across runs, crashes land in
#                                      build-fuzz/fuzz-artifacts/, logs in build-fuzz/fuzz-logs/.
#
# Environment: FUZZ_TARGETS="token target" runs only those; FUZZ_SECONDS (smoke, default 15) and
# FUZZ_RUNS (smoke, default 200000) bound each smoke run, whichever comes first.
#
# Each target is run with one worker: the machines this runs on are small and shared. A crash input
# reproduces with `build-fuzz*/tests/fuzz/<target>_fuzz <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}

usage() {
  echo "usage: packaging/fuzz.sh smoke | long [SECONDS]" >&2
  exit 2
}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found; run packaging/install-deps.sh (clang, libclang-rt-14-dev)" >&2
  exit 2
fi

# A clang tree with the fuzz targets only. Warnings stay warnings here: -Werror is tuned for g++
# (the plain build in check.sh keeps it), and clang warns about other things. Extra arguments go to
# cmake (smoke builds at -O1 -g1: it compiles much faster and runs only seconds).
build_tree() {
  local tree=$1
  shift
  CC=clang CXX=clang++ cmake -S . -B "$tree" -DTGPERF_FUZZ=ON -DTGPERF_BUILD_TESTS=OFF -DTGPERF_WERROR=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTGPERF_UNITY_BUILD=all "$@" >/dev/null
  cmake --build "$tree" -j"$(nproc)" --target tgperf_fuzzers
  # Every target tests/fuzz/CMakeLists.txt defines (it writes the list), unless FUZZ_TARGETS names some.
  read -r -a targets <<<"${FUZZ_TARGETS:-$(cat "$tree/tests/fuzz/targets.txt")}"
}

# run_one TREE TARGET LOG CORPUS... -- libFuzzer flags: fuzzes and returns libFuzzer's status.
run_one() {
  local tree=$1 target=$2 log=$3
  shift 3
  local dict=()
  [[ -f tests/fuzz/$target.dict ]] && dict=(-dict="tests/fuzz/$target.dict")
  set +e
  "$tree/tests/fuzz/${target}_fuzz" "${dict[@]}" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    "$@" >"$log" 2>&1
  local status=$?
  set -e
  return $status
}

# "fuzz: token: 123456 execs (2205/s), cov: 126 ft: 273 corp: 33" from a libFuzzer log.
summary_line() {
  local target=$1 log=$2
  local execs rate cov
  # A run that crashed while loading its seeds has no coverage line yet: no match is no error.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # Fork mode (long runs) prints "#EXECS: cov: ..." lines instead of final stats.
  [[ -n $execs ]] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 || true)
  echo "fuzz: $target: ${execs:-?} execs${rate:+ ($rate/s)}, ${cov:-no coverage line}"
}

case "$mode" in
  smoke)
    tree=build-fuzz-check
    start=$SECONDS
    build_tree "$tree" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
    echo "fuzz: build took $((SECONDS - start)) s" >&2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    failed=()
    for target in "${targets[@]}"; do
      mkdir -p "$work/corpus/$target" "$work/artifacts"
      cp tests/fuzz/corpus/"$target"/* "$work/corpus/$target/"
      if run_one "$tree" "$target" "$work/$target.log" "$work/corpus/$target" \
        -max_total_time="${FUZZ_SECONDS:-15}" -runs="${FUZZ_RUNS:-200000}" \
        -artifact_prefix="$work/artifacts/$target-"; then
        summary_line "$target" "$work/$target.log"
      else
        summary_line "$target" "$work/$target.log"
        echo "fuzz: $target FAILED; the end of its log:" >&2
        grep -v -E '^#[0-9]+ +(NEW|REDUCE|pulse)' "$work/$target.log" | tail -40 >&2
        for crash in "$work/artifacts/$target-"*; do
          [[ -e $crash ]] || continue
          echo "fuzz: input (base64) $(basename "$crash"): $(base64 -w0 "$crash")" >&2
        done
        failed+=("$target")
      fi
    done
    echo "fuzz: smoke took $((SECONDS - start)) s" >&2
    if ((${#failed[@]})); then
      echo "fuzz: smoke FAILED: ${failed[*]}" >&2
      exit 1
    fi
    echo "fuzz: smoke passed (${targets[*]})"
    ;;
  long)
    seconds=${2:-600}
    [[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage
    tree=build-fuzz
    build_tree "$tree"
    mkdir -p "$tree/fuzz-artifacts" "$tree/fuzz-logs"
    failed=()
    for target in "${targets[@]}"; do
      mkdir -p "$tree/corpus/$target"
      log="$tree/fuzz-logs/$target.log"
      echo "fuzz: $target for $seconds s (log: $log)" >&2
      # New inputs go to the first directory; the seeds in the tree are read, never written.
      # Fork mode with crashes ignored: one finding (saved as an artifact) does not end the run.
      before=$(find "$tree/fuzz-artifacts" -name "$target-*" | wc -l)
      run_one "$tree" "$target" "$log" "$tree/corpus/$target" "tests/fuzz/corpus/$target" \
        -max_total_time="$seconds" -artifact_prefix="$tree/fuzz-artifacts/$target-" \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 || true
      summary_line "$target" "$log"
      after=$(find "$tree/fuzz-artifacts" -name "$target-*" | wc -l)
      if ((after > before)); then
        echo "fuzz: $target: $((after - before)) new crash file(s); reports in $log" >&2
        failed+=("$target")
      fi
    done
    echo "fuzz: corpus sizes:"
    for target in "${targets[@]}"; do
      echo "  $target: $(find "$tree/corpus/$target" -type f | wc -l) inputs"
    done
    echo "fuzz: crash files in $tree/fuzz-artifacts (all runs so far):"
    find "$tree/fuzz-artifacts" -type f | sed 's/^/  /'
    if ((${#failed[@]})); then
      echo "fuzz: long run found crashes in: ${failed[*]}" >&2
      exit 1
    fi
    ;;
  *) usage ;;
esac
