#pragma once
// What the bench commands (echo-bench, race-bench) share around their runs: the help footer's
// exit-status paragraph and examples, and the ending (an interrupted bench says so and exits 1
// whatever its runs say; otherwise the command's own verdict).
#include <initializer_list>
#include <string>
#include <string_view>

namespace tgperf {
class SignalStop;
}

namespace tgperf::cli {

struct BenchExitStatus {
  std::string_view success;  // when it exits 0: "every update answered and ..."
  std::string_view failure;  // besides an interrupt, when it exits 1: "an update lost, ..."
  std::string_view partial;  // what Ctrl-C still reports: "the runs so far"
};

// "Exit status: 0 <success>, 1 <failure>, or interrupted (Ctrl-C: <partial> are reported), 2 bad
// input.\n" + `notes` (lines ending in '\n', may be empty) + "Examples:\n" + one indented line each.
std::string bench_footer(const BenchExitStatus& status, std::string_view notes,
                         std::initializer_list<std::string_view> examples);

// The exit status of a bench that has printed its report: 1 and "<command>: interrupted; <partial>"
// on stderr after a signal, else 1 when `failed`, else 0.
int bench_exit_code(const SignalStop& signals, std::string_view command, std::string_view partial, bool failed);

}  // namespace tgperf::cli
