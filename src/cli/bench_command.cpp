#include "cli/bench_command.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "tgperf/core/signal_stop.hpp"

namespace tgperf::cli {

namespace {

// Help text is read in a terminal: break a long paragraph at spaces before `width` columns.
std::string wrapped(std::string_view text, std::size_t width = 110) {
  std::string out;
  std::size_t line = 0;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const auto word = text.substr(0, space);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  return out;
}

}  // namespace

std::string bench_footer(const BenchExitStatus& status, std::string_view notes,
                         std::initializer_list<std::string_view> examples) {
  std::string out = wrapped(fmt::format("Exit status: 0 {}, 1 {}, or interrupted (Ctrl-C: {} are reported), 2 bad input.",
                                        status.success, status.failure, status.partial)) + "\n";
  out += notes;
  out += "Examples:";
  for (const auto example : examples) out += fmt::format("\n  {}", example);
  return out;
}

int bench_exit_code(const SignalStop& signals, std::string_view command, std::string_view partial, bool failed) {
  // An interrupted bench is not a result, whatever the runs so far say: exit 1, every time.
  if (signals.signalled()) {
    fmt::print(stderr, "{}: interrupted; {}\n", command, partial);
    return 1;
  }
  return failed ? 1 : 0;
}

}  // namespace tgperf::cli
