#!/usr/bin/env bash
# A mutation check of the suite (not part of CI; run it by hand after changing tests or the central
# functions they guard). Each mutant is a realistic one-line bug in a central function (statistics,
# phase arithmetic, redaction, ledger matching, fault accounting): it is applied to the source,
# the targets that guard it are rebuilt and run in order (the unit target first, then the
# integration test of the behaviour), and the mutant is "caught" as soon as one of them fails,
# "SURVIVED" when all pass. The file is restored after
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

# name | file | text to replace (literal, must occur exactly once) | replacement | guards
# guards: one or more "TARGET[^ARG[^ARG...]]" separated by ';', run in order: TARGET a test
# executable under $build/tests, each ARG one Catch2 argument (a test-name filter such as
# "*ledger*,[flood]", or an option such as "-#"). '^' separates the arguments because filters hold
# spaces. The older form "... | TARGET | FILTER" (six fields) still reads as one guard.
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
  "redaction: the API root printed unredacted|src/botapi/endpoint.cpp|return redact(redact_secrets(root_), token_);|return root_;|tgperf_botapi_tests|"
  "redaction: an invalid API root quoted unredacted|src/botapi/endpoint.cpp|const std::string shown = redact_secrets(api_root);|const std::string shown(api_root);|tgperf_botapi_tests|"
  "redaction: an error envelope's description not redacted|src/botapi/outcome.cpp|envelope.error.description = redact(redact_secrets(envelope.error.description), endpoint.token());|(void)0;|tgperf_botapi_tests|"
  "redaction: 21 secret characters needed instead of 20|src/botapi/token.cpp|constexpr std::size_t kMinSecretToRedact = 20;|constexpr std::size_t kMinSecretToRedact = 21;|tgperf_botapi_tests|"
  "ledger: a second reply to an update not counted as a duplicate|src/emulator/ledger.cpp|    ++duplicates_;|    (void)duplicates_;|tgperf_emulator_tests|*ledger*,*duplicates*"
  "ledger: a reply by another bot matched to this bot's update|src/emulator/ledger.cpp|if (entry.bot != reply.bot \|\| entry.chat_id != reply.chat_id|if (entry.chat_id != reply.chat_id|tgperf_emulator_tests|*ledger*,*duplicates*,*echo of every update*"
  "ledger: a late first reply never counted as out of order|src/emulator/ledger.cpp|    progress.highest_answered = entry.index_in_chat;|    (void)entry.index_in_chat;|tgperf_emulator_tests|*ledger*,*duplicates*,*echo of every update*"
  "faults: a dropped answer to an executed sendMessage not counted as unacknowledged|src/emulator/http_server.cpp|    model_.ledger.count_unacknowledged_reply();|    (void)0;|tgperf_bench_tests|"
  "faults: drops not counted|src/emulator/ledger.cpp|case FaultKind::drop: ++faults_.drops; break;|case FaultKind::drop: break;|tgperf_bench_tests|"
  "faults: duplicates never explained by faults|include/tgperf/report/bench_run.hpp|const std::size_t explained = (faults ? faults->counts.unacknowledged_replies : 0) + redeliveries;|const std::size_t explained = redeliveries;|tgperf_bench_tests|"
  "faults: echo-bench leaves the fault counts out of its report|src/bench/echo_bench.cpp|report::BenchFaults{ledger.faults, emulator.fault_seed()|report::BenchFaults{emulator::FaultCounts{}, emulator.fault_seed()|tgperf_bench_tests|"
  # Issue 33 and 35: figures against their inputs, thresholds at their edge, cut runs, parsers.
  "bench: a cut run's rest counted lost|src/bench/echo_bench.cpp|(run.interrupted ? run.unanswered : run.lost) = plan.updates - run.answered;|run.lost = plan.updates - run.answered;|tgperf_bench_tests^*stop*"
  "bench: the bound adds the jitter|src/bench/echo_bench.cpp|run.bound_per_s = plan_bound(options, plan, options.latency);|run.bound_per_s = plan_bound(options, plan, options.latency + options.jitter);|tgperf_bench_tests^*jitter*"
  "bench JSON: the document never says interrupted|src/report/bench_json.cpp|  document[\"interrupted\"] = interrupted;|  document[\"interrupted\"] = false;|tgperf_integration_tests^*interrupted*"
  "exporter: a probe with one failed getMe of three reported a success|src/exporter/prober.cpp|std::all_of(records.begin(), records.end(), [](const botapi::TimingRecord& r) { return r.succeeded(); });|std::any_of(records.begin(), records.end(), [](const botapi::TimingRecord& r) { return r.succeeded(); });|tgperf_exporter_tests"
  "exporter: a repeated query parameter taken (the last wins)|src/exporter/query_string.cpp|if (!out.parameters.emplace(std::move(*name), std::move(*value)).second) {|if (out.parameters.insert_or_assign(std::move(*name), std::move(*value)).second && false) {|tgperf_exporter_tests"
  "duration: days read as hours|src/core/duration.cpp|    {\"d\", 86400e9},|    {\"d\", 3600e9},|tgperf_core_tests"
  "duration: a whole number of minutes printed in seconds|src/core/duration.cpp|std::pair{\"m\", 60 * kSecond}}) {|std::pair{\"m\", 61 * kSecond}}) {|tgperf_core_tests"
  "listen: an unbracketed IPv6 address with a port taken|src/core/listen_address.cpp|    if (text.find(':') != colon) {|    if (false) {|tgperf_core_tests"
  "listen: port 65536 accepted|src/core/listen_address.cpp|end != port_text.data() + port_text.size() \|\| port > 65535)|end != port_text.data() + port_text.size() \|\| port > 65536)|tgperf_core_tests"
  "loopback: 127.0.0.0/8 read as 127.0.0.1 alone|src/core/loopback_address.cpp|return (ntohl(v4.s_addr) >> 24) == 127;|return ntohl(v4.s_addr) == 0x7f000001;|tgperf_core_tests^[loopback];tgperf_integration_tests^*interval floor*"
  "ping: the interval floor at 9ms|src/cli/ping_command.cpp|constexpr auto kRemoteIntervalFloor = 10ms;|constexpr auto kRemoteIntervalFloor = 9ms;|tgperf_integration_tests^*bad input matrix: ping*"
  "target: '::1:443' read as an address|src/probe/target.cpp|is_ipv6_literal(before)) {|is_ipv6_literal(before) && false) {|tgperf_probe_tests"
  "terminal: TERM=dumb ignored|src/core/terminal.cpp|std::string_view(term) == \"dumb\";|std::string_view(term) == \"dumb-terminal\";|tgperf_integration_tests^*terminal policy*"
  "command line: an unknown command asking for help gets the root's help|src/cli/command_word.cpp|    require_command(*first, app);|    (void)0;|tgperf_integration_tests^*the root command*"
  "flood: the chat burst lets one more through|include/tgperf/emulator/flood_limiter.hpp|  double chat_burst = 3;|  double chat_burst = 4;|tgperf_emulator_tests^[flood]"
  "flood: the chat rate doubled|include/tgperf/emulator/flood_limiter.hpp|  double chat_per_s = 1;|  double chat_per_s = 2;|tgperf_emulator_tests^[flood]"
  "flood: the bot burst lets one more through|include/tgperf/emulator/flood_limiter.hpp|  double bot_burst = 30;|  double bot_burst = 31;|tgperf_emulator_tests^[flood]"
  "emulator: a webhook URL with port 0 accepted|src/emulator/webhook_url.cpp|if (port.empty() \|\| port == \"0\") return kWrongPort;|if (port.empty()) return kWrongPort;|tgperf_emulator_tests^*webhook*"
  "emulator: a text of spaces only echoed|src/emulator/bot_api.cpp|  if (is_blank_message_text(text)) return|  if (false) return|tgperf_emulator_tests"
  "workers: one thread short|src/bot/worker_pool.cpp|  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back|  for (std::size_t i = 1; i < workers; ++i) threads_.emplace_back|tgperf_bot_tests^*exactly N*"
  "workers: one thread too many|src/bot/worker_pool.cpp|  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back|  for (std::size_t i = 0; i <= workers; ++i) threads_.emplace_back|tgperf_bot_tests^*exactly N*"
  "rtt grade: 15.0 ms excellent|include/tgperf/probe/rtt_grade.hpp|  if (rtt_ms < kExcellentBelowMs) return RttGrade::excellent;|  if (rtt_ms <= kExcellentBelowMs) return RttGrade::excellent;|tgperf_report_tests^[ping_report];tgperf_doctor_tests"
  "rtt grade: 50.0 ms far|include/tgperf/probe/rtt_grade.hpp|  if (rtt_ms <= kGoodUpToMs) return RttGrade::good;|  if (rtt_ms < kGoodUpToMs) return RttGrade::good;|tgperf_report_tests^[ping_report];tgperf_doctor_tests"
  "ping: stable only strictly under a quarter of the average|src/report/ping_report.cpp|rtt.mdev <= 0.25 * rtt.avg|rtt.mdev < 0.25 * rtt.avg|tgperf_report_tests^[ping_report]"
  "race: the drift's sign flipped|src/bench/race_bench.cpp|  run.money_drift = run.money_after - run.money_before;|  run.money_drift = run.money_before - run.money_after;|tgperf_bench_tests^*naive drifts*"
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

# run_guard GUARD: runs one guard's executable with its arguments. Exit 0: passed; 77: passed with a
# test reporting a skip (tests/support/skip.hpp: that test proved nothing, the others did).
run_guard() {
  local guard=$1 target args=()
  IFS='^' read -r -a args <<< "$guard"
  target=${args[0]}
  args=("${args[@]:1}")
  timeout 600 "$build/tests/$target" "${args[@]}" > "$build/mutation-test.log" 2>&1
}

# build_guards GUARDS: builds every target the guards name.
build_guards() {
  local guard listed targets=()
  IFS=';' read -r -a listed <<< "$1"
  for guard in "${listed[@]}"; do targets+=(--target "${guard%%^*}"); done
  nice cmake --build "$build" -j2 "${targets[@]}" > "$build/mutation-build.log" 2>&1
}

# Each guard must pass unmutated (a skip is a pass), or a failure under a mutant would prove nothing.
declare -A baseline=()
caught=0 survived=0 broken=0
report=()
for entry in "${mutants[@]}"; do
  # '|' separates fields; '\|' inside a field is a literal '|'.
  IFS=$'\x1f' read -r name file old new guards filter <<< "$(sed 's/\\|/\x1e/g; s/|/\x1f/g; s/\x1e/|/g' <<< "$entry")"
  [[ -n "$only" && "$name" != *"$only"* ]] && continue
  [[ -n "$filter" ]] && guards="$guards^$filter"  # the six-field form: TARGET | FILTER
  IFS=';' read -r -a guard_list <<< "$guards"
  unusable=""
  for guard in "${guard_list[@]}"; do
    if [[ -z "${baseline[$guard]:-}" ]]; then
      build_guards "$guard" && run_guard "$guard"
      baseline[$guard]=$?
    fi
    [[ "${baseline[$guard]}" == 0 || "${baseline[$guard]}" == 77 ]] || unusable="$guard (status ${baseline[$guard]})"
  done
  if [[ -n "$unusable" ]]; then
    report+=("NO BASELINE  $name (does not pass unmutated: $unusable)")
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
  if ! build_guards "$guards"; then
    restore
    report+=("NO BUILD     $name (see $build/mutation-build.log)")
    broken=$((broken + 1))
    continue
  fi
  verdict="SURVIVED     $name"
  for guard in "${guard_list[@]}"; do
    run_guard "$guard"
    status=$?
    if [[ $status != 0 && $status != 77 ]]; then
      verdict="caught       $name (by ${guard%%^*})"
      break
    fi
  done
  if [[ $verdict == SURVIVED* ]]; then survived=$((survived + 1)); else caught=$((caught + 1)); fi
  report+=("$verdict")
  restore
done
trap - EXIT INT TERM
rm -f "$backup"

printf '%s\n' "${report[@]}"
echo "mutation: $caught caught, $survived survived, $broken not applied or not built (of ${#report[@]})"
[[ $survived -eq 0 && $broken -eq 0 ]]
