#pragma once
// The first word of the command line: the command. `tgperf help [COMMAND]` is the same as
// `tgperf [COMMAND] --help`, as git and cargo users type it; a first word that names no command is
// refused at once (CLI11 would answer `tgperf frobnicate --help` with the root's help and exit 0,
// and a typo is not a request for help).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tgperf::cli {

// `args`: the command line without the program's name. The root takes flags only (--no-color,
// --help, --version), so the first word not starting with '-' is the command. Returns the words
// with `help [COMMAND]` rewritten; throws UsageError naming an unknown command and listing the known.
std::vector<std::string> resolve_command_word(std::vector<std::string> args, const CLI::App& app);

}  // namespace tgperf::cli
