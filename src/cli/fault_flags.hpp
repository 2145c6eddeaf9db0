#pragma once
// The fault-injection flags shared by `tgperf serve` and `tgperf echo-bench`, so both speak the
// same language: --fault KIND[:RATE] (repeatable), --outage LENGTH@START (repeatable),
// --stall-for, --retry-after, --seed.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/fault_model.hpp"

namespace tgperf::cli {

struct FaultFlags {
  std::vector<std::string> faults;
  std::vector<std::string> outages;
  std::string stall_for;  // empty: the command's default
  int retry_after_s = 1;
  std::optional<std::uint64_t> seed;
};

// `stall_default` is what --stall-for means when not given (echo-bench: past its bot's timeout).
inline void add_fault_flags(CLI::App& sub, FaultFlags& flags, const std::string& stall_default_help) {
  sub.add_option("--fault", flags.faults,
                 "Inject a fault into this share of requests (repeatable): KIND[:RATE], RATE 0-1 or N% "
                 "(default 0.1). KIND: 5xx (500/502/503/504 mix) or one code 500-599, not executed; reset "
                 "(closed before the answer, not executed); drop (executed, closed mid-response); stall "
                 "(executed, answer held --stall-for); 429 (retry_after --retry-after, any method)")
      ->group("Fault injection");
  sub.add_option("--outage", flags.outages,
                 "Take the server away for LENGTH starting START after the start (repeatable), e.g. 2s@3s: "
                 "connections refused and open ones cut, then back on the same port")
      ->group("Fault injection");
  sub.add_option("--stall-for", flags.stall_for,
                 "How long a stalled answer is held, at most 1h (default: " + stall_default_help + ")")
      ->group("Fault injection");
  sub.add_option("--retry-after", flags.retry_after_s, "retry_after (seconds) of an injected 429")
      ->capture_default_str()
      ->group("Fault injection");
  sub.add_option("--seed", flags.seed, "Seed of the fault draws (default: random, printed, so a run can be replayed)")
      ->group("Fault injection");
}

// Parses the flags; UsageError for a malformed rule or window. Ranges are checked by validate().
inline emulator::FaultOptions to_fault_options(const FaultFlags& flags, Duration stall_default) {
  emulator::FaultOptions options;
  for (const auto& text : flags.faults) options.rules.push_back(emulator::parse_fault_rule(text));
  for (const auto& text : flags.outages) options.outages.push_back(emulator::parse_outage(text));
  using namespace std::chrono_literals;
  options.stall_for = flags.stall_for.empty()
                          ? stall_default
                          : parse_duration_flag(flags.stall_for, {"--stall-for", 1h, std::nullopt, true, true});
  options.retry_after_s = flags.retry_after_s;
  options.seed = flags.seed;
  return options;
}

// A fault flag that changes nothing is not silently ignored: --stall-for without a stall rule and
// --retry-after without a 429 rule are errors, --seed without any random draw a warning. `faults` is
// what the command will inject (serve's --fail-rate included).
inline void check_fault_flags_have_effect(const CLI::App& sub, const emulator::FaultOptions& faults) {
  auto has = [&faults](emulator::FaultKind kind) {
    return std::any_of(faults.rules.begin(), faults.rules.end(), [kind](const auto& r) { return r.kind == kind; });
  };
  if (sub.count("--stall-for") > 0 && !has(emulator::FaultKind::stall)) {
    throw UsageError("--stall-for has no effect without --fault stall[:RATE]");
  }
  if (sub.count("--retry-after") > 0 && !has(emulator::FaultKind::rate_limit)) {
    throw UsageError("--retry-after has no effect without --fault 429[:RATE]");
  }
  // A warning only: a script that always passes --seed stays valid when it runs without faults.
  if (sub.count("--seed") > 0 && faults.rules.empty()) {
    std::fputs("tgperf: warning: --seed has no effect without a --fault rule (nothing is drawn at random)\n", stderr);
  }
}

}  // namespace tgperf::cli
