// PLACEHOLDER until the curl-timing issue lands: registers the subcommand so the tree links.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"

namespace tgperf::cli {

void add_curl_timing_command(CLI::App& app, CommandRunner& run) {
  auto* sub = app.add_subcommand("curl-timing", "(not built yet)");
  sub->callback([&run] {
    run = [] {
      std::cerr << "tgperf: curl-timing is not built yet\n";
      return 1;
    };
  });
}

}  // namespace tgperf::cli
