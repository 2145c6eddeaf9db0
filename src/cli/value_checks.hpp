#pragma once
// Checks every option of every command gets, applied once over the whole app after the commands
// are built, so a new flag cannot forget them:
//   - a value that is empty (`--chat-id ''`) is refused ("--chat-id is empty") instead of reading
//     as "not given";
//   - a whole-number value goes through tgperf's one parser of counts and seeds
//     (tgperf/core/whole_number.hpp), so a negative or overflowing number is refused with the
//     flag's name and range instead of wrapping.
// Both throw UsageError (one line, exit 2) from inside CLI11's parse.

namespace CLI {
class App;
}  // namespace CLI

namespace tgperf::cli {

void add_value_checks(CLI::App& app);

}  // namespace tgperf::cli
