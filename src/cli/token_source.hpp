#pragma once
// Where the bot token of curl-timing and doctor comes from: --token, --token-file or TGPERF_TOKEN
// (botapi::token_from_flags reads those), or with --local the embedded emulator's demo token. The
// two commands word the same choices the same way.
#include <optional>
#include <string>

#include "tgperf/botapi/token.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace tgperf::cli {

// --token and --token-file, worded alike in every command that takes a token.
void add_token_options(CLI::App& command, std::string& token, std::string& token_file);

// --local starts its own API: an --api-url beside it would be ignored, so the two exclude each other.
void check_local_without_api_url(bool local, const std::string& api_url);

// The token given, else with --local the demo token, else a usage error naming every source.
botapi::Token token_or_demo(const std::optional<botapi::Token>& given, bool local);

}  // namespace tgperf::cli
