// tgperf's entry point: parse, run the chosen subcommand, map failures to one line and an exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_word.hpp"
#include "cli/commands.hpp"
#include "cli/parse_errors.hpp"
#include "cli/value_checks.hpp"
#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/close_stdout.hpp"
#include "tgperf/core/standard_descriptors.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Control characters from the user's input (a newline pasted into a target, an escape sequence)
// are shown escaped: the message stays one line and cannot drive the terminal.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

// Every message that leaves the program passes through here, so a token typed in the wrong place
// (a positional argument, a malformed URL) or a URL's password is redacted even in CLI11's own messages, and every
// error is exactly one line on stderr.
int fail(const std::string& message, int status) {
  std::cerr << "tgperf: " << one_line(tgperf::botapi::redact_secrets(message)) << '\n';
  return status;
}

int run_main(int argc, char** argv) {
  CLI::App app{"tgperf: how fast can a Telegram bot be from here?\n"
               "TCP pings to the Bot API, libcurl timing of a real request, an emulated Bot API,\n"
               "and a benchmark of bot dispatch models.",
               "tgperf"};
  app.set_version_flag("-V,--version", "tgperf " TGPERF_VERSION);
  app.require_subcommand(0, 1);
  // Root flags are accepted after the subcommand too (`tgperf ping --no-color`): options a
  // subcommand does not know fall through to the root, which subcommands inherit at creation.
  app.fallthrough();
  bool no_color = false;
  app.add_flag("--no-color", no_color, "No colours in any output (NO_COLOR is honoured too)");
  app.footer("Examples (the last five need no token and no network):\n"
             "  tgperf ping                                  # TCP pings to api.telegram.org:443\n"
             "  tgperf curl-timing --token-file ~/.bot-token # where one getMe spends its time\n"
             "  tgperf echo-bot --token-file ~/.bot-token    # run an echo bot, time each update\n"
             "  tgperf doctor --token-file ~/.bot-token     # why is the bot slow? ranked findings\n"
             "  tgperf ping --local -c 5                     # ping a listener on loopback\n"
             "  tgperf curl-timing --local                   # time requests to the embedded emulator\n"
             "  tgperf echo-bench --updates 300              # sync vs threaded vs event-loop dispatch\n"
             "  tgperf serve --messages 500                  # an emulated Bot API on 127.0.0.1:8081\n"
             "  tgperf echo-bot --api-url http://127.0.0.1:8081 --token 123456:local-test-token-0123456789\n"
             "Run 'tgperf SUBCOMMAND --help' (or 'tgperf help SUBCOMMAND') for the flags and examples of each.\n"
             "Exit status: 0 success, 1 the measured thing failed, 2 bad input (one line on stderr),\n"
             "3 the output could not be written (a full disk).");

  tgperf::cli::CommandRunner run;
  tgperf::cli::add_ping_command(app, run);
  tgperf::cli::add_serve_command(app, run);
  tgperf::cli::add_curl_timing_command(app, run);
  tgperf::cli::add_echo_bench_command(app, run);
  tgperf::cli::add_echo_bot_command(app, run);
  tgperf::cli::add_race_bench_command(app, run);
  tgperf::cli::add_exporter_command(app, run);
  tgperf::cli::add_doctor_command(app, run);
  tgperf::cli::add_value_checks(app);

  try {
    std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
    args = tgperf::cli::resolve_command_word(std::move(args), app);
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector last word first
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(tgperf::cli::describe_parse_error(e, app), kExitUsage);
  } catch (const tgperf::UsageError& e) {
    return fail(e.what(), kExitUsage);
  }

  // `--no-color` after a command that declares its own (ping, curl-timing, doctor) is that
  // command's option: it turns off the progress lines' escapes as well as the colours.
  for (const CLI::App* sub : app.get_subcommands()) {
    const CLI::Option* own = sub->get_option_no_throw("--no-color");
    no_color = no_color || (own != nullptr && own->count() > 0);
  }
  if (no_color) tgperf::disable_color();
  if (!run) {
    std::cout << app.help();
    return 0;
  }
  try {
    return run();
  } catch (const tgperf::UsageError& e) {
    return fail(e.what(), kExitUsage);
  } catch (const std::exception& e) {
    return fail(e.what(), kExitFailure);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything opens a descriptor: a socket must never be given 0, 1 or 2.
  if (!tgperf::open_closed_standard_descriptors()) return kExitFailure;
  // Every return of every command passes here, so output lost to a full disk is never exit 0.
  return tgperf::close_stdout(run_main(argc, argv));
}
