// PLACEHOLDER until the echo-bot issue lands: registers the subcommand so the tree links.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"

namespace tgperf::cli {

void add_echo_bot_command(CLI::App& app, CommandRunner& run) {
  auto* sub = app.add_subcommand("echo-bot", "(not built yet)");
  sub->callback([&run] {
    run = [] {
      std::cerr << "tgperf: echo-bot is not built yet\n";
      return 1;
    };
  });
}

}  // namespace tgperf::cli
