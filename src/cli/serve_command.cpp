// PLACEHOLDER until the serve issue lands: registers the subcommand so the tree links.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"

namespace tgperf::cli {

void add_serve_command(CLI::App& app, CommandRunner& run) {
  auto* sub = app.add_subcommand("serve", "(not built yet)");
  sub->callback([&run] {
    run = [] {
      std::cerr << "tgperf: serve is not built yet\n";
      return 1;
    };
  });
}

}  // namespace tgperf::cli
