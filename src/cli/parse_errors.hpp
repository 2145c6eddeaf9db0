#pragma once
// CLI11's own messages ("Could not convert: --count = abc", "--count: At Most 1 required but
// received 2", "The following argument was not expected: pnig") rewritten as tgperf's: one line that
// names the flag and the form it expects, and for a mistyped command or flag the nearest real one.
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace tgperf::cli {

// The message for a parse error of `root` (the subcommand that was being parsed, if any, is found
// from it). Without the "tgperf: " prefix.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& root);

// "unknown command 'pnig'; did you mean 'ping'?", or the list of commands when none is near.
std::string unknown_command(const std::string& word, const CLI::App& root);

// The candidate nearest to `typed` by edit distance (a swap of two letters counts as one edit), or
// empty when none is close enough to be what the user meant.
std::string nearest(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace tgperf::cli
