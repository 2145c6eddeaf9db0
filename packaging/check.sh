#!/usr/bin/env bash
# The test command: installs dependencies, builds with warnings as errors, runs the whole suite, then
# runs it again under sanitizers. CI (.ci/run) runs exactly this on a fresh clone.
#
#   1. plain build (RelWithDebInfo, -Werror) + every test, the lab included (it skips without root)
#   2. AddressSanitizer + UndefinedBehaviorSanitizer: the whole suite except the lab and packages
#   3. ThreadSanitizer: the bot core (worker pool, dispatcher, updater, event loop, the echo bot in
#      every mode and under every injected fault), the emulator, and the Bot API client against it
#   4. libFuzzer smoke: every fuzz target (tests/fuzz) briefly over its seed corpus (clang)
#
# Each phase prints its wall and CPU time ("check: <phase> took N s (cpu M s)"): the budget stays visible.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh
jobs=$(nproc)

# Every tree links with lld where it is installed (install-deps.sh puts it there): GNU ld spends
# about 10 CPU s on the instrumented tgperf alone, lld about 4, and this script links some 40
# executables. CMake seeds each fresh tree's CMAKE_EXE_LINKER_FLAGS from LDFLAGS (fuzz.sh's too).
linker_flags=""
if command -v ld.lld >/dev/null; then
  linker_flags="-fuse-ld=lld"
  export LDFLAGS="$linker_flags${LDFLAGS:+ $LDFLAGS}"
fi

# Wall time, and the CPU time (user+sys) of everything the phase ran: on a busy machine the CPU figure
# divided by the core count estimates the wall time the phase needs on an idle one.
# `times` must run in this shell, not in a $(...) or a pipe: a subshell reports only its own children.
times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT
read_children_cpu() {  # sets children_cpu: CPU seconds of this shell's finished children so far
  times > "$times_file"
  children_cpu=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } printf "%d", s }' "$times_file")
}
phase_start=$SECONDS
read_children_cpu
phase_cpu=$children_cpu
phase_done() {
  read_children_cpu
  echo "check: $1 took $((SECONDS - phase_start)) s (cpu $((children_cpu - phase_cpu)) s, $jobs cores)" >&2
  phase_start=$SECONDS
  phase_cpu=$children_cpu
}

# --- 1. The plain build: what ships. -------------------------------------------------------------
# Prefix /usr: the binary then looks for -w @formats/NAME where the .deb puts them, so the package
# tests (label package) can check the .deb this tree makes (they skip the .deb in other prefixes).
# -g1 (line tables) instead of -g: file:line in every backtrace, and a third less compile time (the
# emulator's Beast server TU: 107 CPU s at -g, 75 at -g1); full variable info is for a developer's tree.
# The test suites build as unity batches (TGPERF_UNITY_BUILD in CMakeLists.txt); the library and the
# binary that ship stay one object per file, so each file still has to compile on its own.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTGPERF_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DTGPERF_UNITY_BUILD=tests
cmake --build build -j"$jobs"
phase_done "build"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600 | tee build/ctest.log
# A skip is reported, never a silent pass (tests/support/skip.hpp); but here, where install-deps.sh
# put every tool in place, a skipped test means a check stopped running: fail unless the test is
# allowed to skip (tests/skip_allowed.txt, e.g. the lab without root).
skipped=$(sed -n 's/^[[:space:]]*[0-9][0-9]* - \(.*\) (Skipped)$/\1/p' build/ctest.log)
unexpected=$(grep -vxEf <(grep -v '^#' tests/skip_allowed.txt | grep .) <<< "$skipped" | grep . || true)
if [[ -n "$unexpected" ]]; then
  echo "check: tests skipped that CI relies on (see tests/skip_allowed.txt):" >&2
  echo "$unexpected" >&2
  exit 1
fi
phase_done "ctest"

# --- Sanitizer runs: shared settings. ------------------------------------------------------------
# Optimisation per sanitizer tree: the ASan+UBSan tree builds at -O0 (its compile is the largest phase
# of this script; -O0 cuts it by about a quarter, and ASan needs no optimisation to check every
# access), the TSan tree at -O1 (TSan's own documentation asks for it: at -O0 its shadow-memory
# bookkeeping makes the concurrency tests crawl). -g1 keeps line tables, enough for file:line in
# every report, while the Beast- and Catch-heavy objects stay small to build and link. No NDEBUG:
# asserts are checked too.
# -Wno-maybe-uninitialized: the instrumentation confuses GCC's flow-based warning (ASan at -O1 flags
# libstdc++'s own std::stop_source and std::regex internals in the bot and integration tests); the
# plain tree above, built with the same -Werror, still owns that warning.
# Both trees are built only to be tested, so everything in them builds as unity batches (a third of
# the compile time; the plain tree above keeps the per-file build).
sanitizer_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTGPERF_WERROR=ON -DTGPERF_UNITY_BUILD=all)
asan_opt="-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O0 -g1"
tsan_opt="-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
sanitizer_warnings="-Wno-maybe-uninitialized"

# Every instrumented process (test executables AND the tgperf binaries the tests spawn; they inherit
# the environment) writes its report to <tree>/sanitizer-logs/report.<exe>.<pid> and exits 99, a status no
# tgperf path uses. The exit status fails a test that checks it; the log directory catches the rest
# (a child whose status a test ignores, a report printed into a captured stderr nobody reads, a leak
# found at exit): any file in it fails this script, and its contents are printed.
symbolizer=""
for candidate in "$(command -v llvm-symbolizer || true)" /usr/lib/llvm-14/bin/llvm-symbolizer; do
  if [[ -n "$candidate" && -x "$candidate" ]]; then symbolizer=":external_symbolizer_path=$candidate"; break; fi
done
sanitizer_common() {  # sanitizer_common <log dir>
  echo "exitcode=99:log_path=$1/report:log_exe_name=1:print_stacktrace=1:halt_on_error=1${symbolizer}"
}

# sanitized_ctest <tree> <ctest args...>: runs ctest with the logs swept; fails on a failed test or
# on any sanitizer report.
# stack_use_after_return=0 in the caller's environment turns that one ASan check off (see step 2);
# test_tree=DIR runs the tests of another tree (with the logs still swept in <tree>).
sanitized_ctest() {
  local tree=$1; shift
  local logs="$PWD/$tree/sanitizer-logs"
  mkdir -p "$logs"
  local status=0
  ASAN_OPTIONS="$(sanitizer_common "$logs"):detect_leaks=1:abort_on_error=0:strict_init_order=1:check_initialization_order=1:detect_stack_use_after_return=${stack_use_after_return:-1}" \
  UBSAN_OPTIONS="$(sanitizer_common "$logs")" \
  LSAN_OPTIONS="$(sanitizer_common "$logs")" \
  TSAN_OPTIONS="$(sanitizer_common "$logs"):second_deadlock_stack=1:suppressions=$PWD/tests/bot/tsan.supp" \
    ctest --test-dir "${test_tree:-$tree}" --output-on-failure -j"$jobs" --timeout 600 "$@" || status=$?
  if compgen -G "$logs/*" >/dev/null; then
    echo "check: sanitizer reports in $tree:" >&2
    for report in "$logs"/*; do
      echo "===== $report" >&2
      cat "$report" >&2
    done
    status=1
  fi
  return "$status"
}

# --- 2. AddressSanitizer + UndefinedBehaviorSanitizer over the whole suite. ----------------------
# Memory errors (use after free, overflows, use after return, leaks) and undefined behaviour
# (overflow, misaligned or null access, bad shifts, invalid enum/bool values) are fatal
# (-fno-sanitize-recover=all in CMakeLists.txt). The ptb test runs the instrumented tgperf serve.
# The lab (label lab) is left out: it asserts timing against a known delay (within 5% of RTT), which
# under ASan's 2-3x CPU cost would measure the sanitizer, not the line; the code it drives (ping,
# curl-timing, serve --tls --latency) runs under ASan here through the loopback integration tests.
# The package tests (label package) are left out too: they check the .deb/.tar.gz cpack makes from the
# shipped build (step 1); here they would package an instrumented binary and spend minutes in cpack.
# Linked as a plain executable (-no-pie): the instrumented -O0 tgperf carries about 2.9 million
# relative relocations, which the dynamic loader applies at every start, dirtying the pages they hit;
# as a plain executable it starts in half the CPU time (0.34 s instead of 0.68 s for `tgperf --help`).
# The integration tests start tgperf over and over (each bad-input matrix once per case): under
# ASan their cost is mostly those starts (bad input matrix: curl-timing, 29 s here, 1.4 s plain).
cmake -S . -B build-check-asan -DTGPERF_SANITIZE=address,undefined "${sanitizer_flags[@]}" "$asan_opt" \
  "-DCMAKE_CXX_FLAGS=$sanitizer_warnings" "-DCMAKE_EXE_LINKER_FLAGS=$linker_flags -no-pie"
# tgperf_sanitizer_suite: tgperf and every test suite but the end-to-end ones (integration,
# doctor_live), whose test code only starts tgperf and reads its output: their executables from the
# plain tree run against this tree's instrumented tgperf instead (TGPERF_BINARY_UNDER_TEST), so
# their 25-odd harness files are not compiled a second time. The in-process emulator some of them
# start as a peer runs uninstrumented there; the emulator's own suite runs here under ASan.
cmake --build build-check-asan -j"$jobs" --target tgperf_sanitizer_suite
phase_done "asan build"
# The lab and the end-to-end executables are not built in this tree, so ctest lists them only as
# <suite>_NOT_BUILT placeholders: -E leaves those out.
# Three runs. The in-process suites (the bot core, the emulator, webhook, bench, exporter, the Bot
# API client and every unit) run with every check, stack-use-after-return included: that is where
# the code that keeps references across callbacks, threads and coroutine-like handlers lives. The
# end-to-end tests that start the binary (integration, doctor_live, ptb, conformance) drive that
# same library code through the thin CLI; they keep every other check (heap, globals, leaks,
# undefined behaviour) but not stack-use-after-return, whose fake stacks make each call 1.5-3x
# dearer (echo-bench's every-mode test: 5.7 CPU s with it, 3.7 without; race-bench over 10 seeds:
# 23 and 8).
rm -rf build-check-asan/sanitizer-logs
asan_status=0
sanitized_ctest build-check-asan -LE '^(lab|package)$' -E '_NOT_BUILT|^(ptb|conformance):' || asan_status=$?
stack_use_after_return=0 sanitized_ctest build-check-asan -LE '^(lab|package)$' -R '^(ptb|conformance):' \
  || asan_status=$?
TGPERF_BINARY_UNDER_TEST="$PWD/build-check-asan/tgperf" stack_use_after_return=0 test_tree=build \
  sanitized_ctest build-check-asan -R '^(integration|doctor_live):' || asan_status=$?
((asan_status == 0))
phase_done "asan ctest"

# --- 3. ThreadSanitizer over the concurrent code. ------------------------------------------------
# Data races and lock-order inversions fail the suite. Suppressions (tests/bot/tsan.supp) are only
# for reports that are not ours, each with its reason. Only the targets those tests need are built:
# the CLI and the integration tests (echo-bench/echo-bot through the binary) are left out to keep the
# test command well under 30 minutes on 2 cores; the concurrency they drive is the bot core's, which
# tests/bot exercises in every dispatch mode (tests/bot/echo_bot_test.cpp, fault_recovery_test.cpp).
# -Wno-tsan: GCC warns that TSan does not model atomic_thread_fence, which Boost.Asio (the emulator)
# uses; with -Werror that warning would stop the build.
# The one emulator test that starts `tgperf serve` runs the plain tree's binary
# (TGPERF_TESTS_BUILD_BINARY=OFF, TGPERF_BINARY_UNDER_TEST): building the instrumented CLI for it
# would instrument every module (exporter, doctor, the CLI's own files) that no TSan test runs.
cmake -S . -B build-check-tsan -DTGPERF_SANITIZE=thread "${sanitizer_flags[@]}" "$tsan_opt" \
  "-DCMAKE_CXX_FLAGS=-Wno-tsan $sanitizer_warnings" -DTGPERF_TESTS_BUILD_BINARY=OFF
cmake --build build-check-tsan -j"$jobs" --target tgperf_bot_tests tgperf_emulator_tests tgperf_botapi_live_tests tgperf_bench_tests
phase_done "tsan build"
rm -rf build-check-tsan/sanitizer-logs
TGPERF_BINARY_UNDER_TEST="$PWD/build/tgperf" sanitized_ctest build-check-tsan -R '^(bot|emulator|botapi_live|bench):'
phase_done "tsan ctest"

# --- 4. The fuzzers, briefly. ---------------------------------------------------------------------
# Each libFuzzer target runs up to 10 s (or 200000 inputs) over a copy of its seed corpus; a crash or
# a failed property fails the suite. Long runs: packaging/fuzz.sh long.
FUZZ_SECONDS=10 packaging/fuzz.sh smoke
phase_done "fuzz smoke"
