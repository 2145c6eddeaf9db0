#include "cli/command_word.hpp"

#include <algorithm>
#include <cstddef>

#include "cli/parse_errors.hpp"
#include "tgperf/core/usage_error.hpp"

namespace tgperf::cli {

namespace {

bool is_word(const std::string& arg) { return !arg.empty() && arg.front() != '-'; }

void require_command(const std::string& word, const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == word) return;
  }
  throw UsageError(unknown_command(word, app));
}

}  // namespace

std::vector<std::string> resolve_command_word(std::vector<std::string> args, const CLI::App& app) {
  const auto first = std::find_if(args.begin(), args.end(), is_word);
  if (first == args.end()) return args;
  if (*first != "help") {
    require_command(*first, app);
    return args;
  }
  // `help` alone is the root's help; `help COMMAND [...]` that command's.
  const auto position = static_cast<std::size_t>(first - args.begin());
  args.erase(first);
  const auto command = std::find_if(args.begin() + static_cast<std::ptrdiff_t>(position), args.end(), is_word);
  if (command != args.end()) require_command(*command, app);
  args.push_back("--help");
  return args;
}

}  // namespace tgperf::cli
