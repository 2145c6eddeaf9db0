#pragma once
// The subcommands of tgperf. Each adds itself and its flags to the root app; when it is the one
// chosen on the command line, its parse callback stores in `run` the function that executes it
// and returns the process exit status (0 ok, 1 the measured thing failed, 2 bad input).
#include <functional>

namespace CLI {
class App;
}

namespace tgperf::cli {

using CommandRunner = std::function<int()>;

void add_ping_command(CLI::App& app, CommandRunner& run);
void add_serve_command(CLI::App& app, CommandRunner& run);
void add_curl_timing_command(CLI::App& app, CommandRunner& run);
void add_echo_bench_command(CLI::App& app, CommandRunner& run);
void add_echo_bot_command(CLI::App& app, CommandRunner& run);
void add_race_bench_command(CLI::App& app, CommandRunner& run);
void add_exporter_command(CLI::App& app, CommandRunner& run);
void add_doctor_command(CLI::App& app, CommandRunner& run);

}  // namespace tgperf::cli
