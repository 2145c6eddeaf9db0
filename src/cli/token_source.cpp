#include "cli/token_source.hpp"

#include <CLI/CLI.hpp>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/emulator_options.hpp"

namespace tgperf::cli {

void add_token_options(CLI::App& command, std::string& token, std::string& token_file) {
  command.add_option("--token", token, "bot token <id>:<secret> (visible in ps: prefer --token-file or TGPERF_TOKEN)");
  command.add_option("--token-file", token_file, "read the bot token from this file");
}

void check_local_without_api_url(bool local, const std::string& api_url) {
  if (local && api_url != botapi::kDefaultApiRoot) throw UsageError("--local and --api-url exclude each other");
}

botapi::Token token_or_demo(const std::optional<botapi::Token>& given, bool local) {
  if (given) return *given;
  if (local) return botapi::Token::parse(emulator::kDemoToken);
  throw UsageError("a bot token is needed: --token-file FILE, the TGPERF_TOKEN variable, or --token "
                   "(or try --local, which needs none)");
}

}  // namespace tgperf::cli
