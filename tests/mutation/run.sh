#!/usr/bin/env bash
# A mutation check of the suite (not part of CI; run it by hand after changing tests or the central
# functions they guard). Each mutant is a realistic one-line bug in a central function (statistics,
# phase arithmetic, redaction, ledger matching, fault accounting): it is applied to the source,
# only the unit-test target that guards it is rebuilt, that target's tests run (optionally filtered),
# and the mutant is "caught" when they fail, "SURVIVED" when they pass. The file is restored after
# each mutant, also on Ctrl-C or an error (a backup copy, restored by a trap), so the tree ends as
# it began; the build tree then recompiles the restored files once (ccache makes that cheap).
#
#   tests/mutation/run.sh [BUILD_DIR] [NAME_FILTER]
#
# BUILD_DIR: a configured build tree (default: build). NAME_FILTER: only mutants whose name
# contains it. Exit 0 when every mutant was caught, 1 when one survived or could not be applied.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
only=${2:-}
[[ -f "$build/CMakeCache.txt" ]] || { echo "run.sh: $build is not a configured build tree" >&2; exit 2; }

# name | file | text to replace (literal, must occur exactly once) | replacement | target | Catch2 filter
mutants=(
  "stats: mdev as the sample standard deviation (n - 1)|src/stats/summary.cpp|std::sqrt(squares / n)|std::sqrt(squares / (n - 1))|tgperf_stats_tests|"
  "stats: jitter divided by n instead of n - 1|src/stats/summary.cpp|steps / static_cast<double>(samples.size() - 1)|steps / n|tgperf_stats_tests|"
  "stats: quantile rank q * n instead of q * (n - 1)|src/stats/summary.cpp|const double position = q * static_cast<double>(sorted.size() - 1);|const double position = q * static_cast<double>(sorted.size());|tgperf_stats_tests|"
  "stats: quantiles without interpolation between ranks|src/stats/summary.cpp|const double fraction = position - static_cast<double>(lower);|const double fraction = 0 * position;|tgperf_stats_tests|"
  "phases: a zero-length phase dropped as absent|src/http/phase_times.cpp|if (to <= Micros::zero() \|\| to < from) return std::nullopt;|if (to <= Micros::zero() \|\| to <= from) return std::nullopt;|tgperf_http_tests|"
  "phases: TCP measured from the start (DNS counted twice)|src/http/phase_times.cpp|p.tcp = span(t.namelookup, t.connect);|p.tcp = span(Micros::zero(), t.connect);|tgperf_http_tests|"
  "phases: a transfer that never connected taken for reuse|include/tgperf/http/phase_times.hpp|return num_connects == 0 && pretransfer > Micros::zero();|return num_connects == 0;|tgperf_http_tests|"
  "redaction: secrets scanned without '-' and '_'|src/botapi/token.cpp|return std::isalnum(static_cast<unsigned char>(c)) != 0 \|\| c == '_' \|\| c == '-';|return std::isalnum(static_cast<unsigned char>(c)) != 0;|tgperf_botapi_tests|"
  "redaction: redact() replaces only the first occurrence|src/botapi/token.cpp|hit = text.find(secret, start)) {|hit = std::string_view::npos) {|tgperf_botapi_tests|"
  "redaction: the API root printed unredacted|src/botapi/endpoint.cpp|return redact_tokens(root_) + \"/bot\"|return root_ + \"/bot\"|tgperf_botapi_tests|"
  "redaction: an invalid API root quoted unredacted|src/botapi/endpoint.cpp|const std::string shown = redact_tokens(api_root);|const std::string shown(api_root);|tgperf_botapi_tests|"
  "redaction: an error envelope's description not redacted|src/botapi/client.cpp|envelope.error.description = redact(envelope.error.description, endpoint.token());|(void)0;|tgperf_botapi_tests|"
  "redaction: 21 secret characters needed instead of 20|src/botapi/token.cpp|constexpr std::size_t kMinSecretToRedact = 20;|constexpr std::size_t kMinSecretToRedact = 21;|tgperf_botapi_tests|"
  "ledger: a second reply to an update not counted as a duplicate|src/emulator/ledger.cpp|    ++duplicates_;|    (void)duplicates_;|tgperf_emulator_tests|*ledger*,*duplicates*"
  "ledger: a reply by another bot matched to this bot's update|src/emulator/ledger.cpp|if (entry.bot != reply.bot \|\| entry.chat_id != reply.chat_id|if (entry.chat_id != reply.chat_id|tgperf_emulator_tests|*ledger*,*duplicates*,*echo of every update*"
  "ledger: a late first reply never counted as out of order|src/emulator/ledger.cpp|    progress.highest_answered = entry.index_in_chat;|    (void)entry.index_in_chat;|tgperf_emulator_tests|*ledger*,*duplicates*,*echo of every update*"
  "faults: a dropped answer to an executed sendMessage not counted as unacknowledged|src/emulator/http_server.cpp|    model_.ledger.count_unacknowledged_reply();|    (void)0;|tgperf_bench_tests|"
  "faults: drops not counted|src/emulator/ledger.cpp|case FaultKind::drop: ++faults_.drops; break;|case FaultKind::drop: break;|tgperf_bench_tests|"
  "faults: duplicates never explained by faults|include/tgperf/report/bench_run.hpp|const std::size_t explained = faults ? faults->unacknowledged_replies : 0;|const std::size_t explained = 0;|tgperf_bench_tests|"
  "faults: echo-bench leaves the unacknowledged replies out of its report|src/bench/echo_bench.cpp|out.unacknowledged_replies = f.unacknowledged_replies;|(void)f.unacknowledged_replies;|tgperf_bench_tests|"
)

backup=""
mutated=""
restore() {
  # A plain copy: the restored file gets a new mtime, so the build recompiles it (restoring the old
  # mtime would leave the mutant's object looking up to date).
  if [[ -n "$mutated" ]]; then cp "$backup" "$mutated"; mutated=""; fi
}
trap 'restore; rm -f "$backup"' EXIT
trap 'restore; exit 130' INT TERM
backup=$(mktemp)

# Replaces the single occurrence of $2 in file $1 with $3; fails when it is missing or ambiguous.
apply_mutant() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
if text.count(old) != 1:
    sys.exit(f"expected exactly one occurrence, found {text.count(old)}")
open(path, "w").write(text.replace(old, new))
PY
}

# Exit 0: passed. 77: a test reported a skip (tests/support/skip.hpp), which proves nothing.
run_target() {  # run_target TARGET FILTER
  local args=()
  [[ -n "$2" ]] && args+=("$2")
  timeout 600 "$build/tests/$1" "${args[@]}" > "$build/mutation-test.log" 2>&1
}

# Each target must pass unmutated, or a failure under a mutant would prove nothing.
declare -A baseline=()
caught=0 survived=0 broken=0
report=()
for entry in "${mutants[@]}"; do
  # '|' separates fields; '\|' inside a field is a literal '|'.
  IFS=$'\x1f' read -r name file old new target filter <<< "$(sed 's/\\|/\x1e/g; s/|/\x1f/g; s/\x1e/|/g' <<< "$entry")"
  [[ -n "$only" && "$name" != *"$only"* ]] && continue
  if [[ -z "${baseline[$target $filter]:-}" ]]; then
    nice cmake --build "$build" -j2 --target "$target" > "$build/mutation-build.log" 2>&1 && run_target "$target" "$filter"
    baseline[$target $filter]=$?
  fi
  if [[ "${baseline[$target $filter]}" != 0 ]]; then
    report+=("NO BASELINE  $name ($target does not pass unmutated: status ${baseline[$target $filter]})")
    broken=$((broken + 1))
    continue
  fi
  cp "$file" "$backup"
  mutated=$file
  if ! why=$(apply_mutant "$file" "$old" "$new" 2>&1); then
    restore
    report+=("NOT APPLIED  $name ($file: $why)")
    broken=$((broken + 1))
    continue
  fi
  if ! nice cmake --build "$build" -j2 --target "$target" > "$build/mutation-build.log" 2>&1; then
    restore
    report+=("NO BUILD     $name (see $build/mutation-build.log)")
    broken=$((broken + 1))
    continue
  fi
  run_target "$target" "$filter"
  case $? in
    0) report+=("SURVIVED     $name"); survived=$((survived + 1)) ;;
    77) report+=("SKIPPED      $name (a test skipped: see $build/mutation-test.log)"); broken=$((broken + 1)) ;;
    *) report+=("caught       $name"); caught=$((caught + 1)) ;;
  esac
  restore
done
trap - EXIT INT TERM
rm -f "$backup"

printf '%s\n' "${report[@]}"
echo "mutation: $caught caught, $survived survived, $broken not applied or not built (of ${#report[@]})"
[[ $survived -eq 0 && $broken -eq 0 ]]
