// `tgperf echo-bench`: flags -> EchoBenchOptions -> run_echo_bench -> table + chart, or JSON.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/bench_command.hpp"
#include "cli/commands.hpp"
#include "cli/fault_flags.hpp"
#include "cli/latency_flags.hpp"
#include "tgperf/bench/echo_bench.hpp"
#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/significant_digits.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/report/bench_chart.hpp"
#include "tgperf/report/bench_json.hpp"
#include "tgperf/report/bench_table.hpp"

namespace tgperf::cli {

namespace {

// With no --updates, a run whose bound says it would take longer gets fewer updates: sync and
// 1 worker at 50 ms take 5 s each instead of 100 s, and the whole default run about 30 s.
constexpr Duration kDefaultSlowRunBudget = std::chrono::seconds(5);

struct EchoBenchFlags {
  std::vector<std::string> modes{"sync", "threaded", "async"};
  std::vector<std::size_t> workers{1, 4, 16, 64};
  std::vector<std::size_t> inflight{256};
  std::vector<std::string> deliveries{"polling"};
  int max_connections = bench::kDefaultMaxConnections;
  double rate = 0;
  std::size_t updates = 2000;
  bool updates_given = false;  // --updates on the command line: every run gets that many
  std::size_t chats = 100;
  std::string latency = "50ms";
  std::string jitter = "0";
  std::string run_timeout = "0";
  std::string request_timeout = "0";
  FaultFlags faults;
  bool ordered = false;
  bool json = false;
  const CLI::App* parsed = nullptr;  // the parsed subcommand: which flags were given
};

using namespace std::chrono_literals;
constexpr DurationFlag kRunTimeoutFlag{"--run-timeout", 24h, std::nullopt, false, true};
constexpr DurationFlag kRequestTimeoutFlag{"--request-timeout", 1h, std::nullopt, false, true};

bench::EchoBenchOptions to_options(const EchoBenchFlags& flags) {
  bench::EchoBenchOptions options;
  options.modes.clear();
  for (const auto& mode : flags.modes) options.modes.push_back(bot::parse_dispatch_mode(mode));
  options.workers = flags.workers;
  options.inflight = flags.inflight;
  options.deliveries.clear();
  for (const auto& delivery : flags.deliveries) {
    const auto parsed = bench::parse_delivery(delivery);
    if (std::find(options.deliveries.begin(), options.deliveries.end(), parsed) != options.deliveries.end()) {
      throw UsageError("--delivery: " + delivery + " given twice");
    }
    options.deliveries.push_back(parsed);
  }
  options.max_connections = flags.max_connections;
  options.rate_per_s = flags.rate;
  options.updates = flags.updates;
  // The default run takes about 30 s: the slow runs are trimmed. Asking for a count is asking for
  // the long runs too.
  options.slow_run_budget = flags.updates_given ? Duration::zero() : kDefaultSlowRunBudget;
  options.chats = flags.chats;
  options.latency = parse_duration_flag(flags.latency, kLatencyFlag);
  options.jitter = parse_duration_flag(flags.jitter, kJitterFlag);
  options.run_timeout = parse_duration_flag(flags.run_timeout, kRunTimeoutFlag);
  options.ordered = flags.ordered;
  options.request_timeout = parse_duration_flag(flags.request_timeout, kRequestTimeoutFlag);
  auto runs = [&options](bot::DispatchMode mode) {
    return std::find(options.modes.begin(), options.modes.end(), mode) != options.modes.end();
  };
  if (flags.parsed->count("--workers") > 0 && !runs(bot::DispatchMode::threaded)) {
    throw UsageError("--workers has no effect without threaded in --modes");
  }
  if (flags.parsed->count("--inflight") > 0 && !runs(bot::DispatchMode::async)) {
    throw UsageError("--inflight has no effect without async in --modes");
  }
  if (flags.parsed->count("--max-connections") > 0 &&
      std::find(options.deliveries.begin(), options.deliveries.end(), bench::Delivery::webhook) == options.deliveries.end()) {
    throw UsageError("--max-connections has no effect without webhook in --delivery");
  }
  options.faults = to_fault_options(flags.faults, Duration::zero());  // zero: past the bot's timeout
  check_fault_flags_have_effect(*flags.parsed, options.faults);
  if (options.faults.any() && !options.faults.seed) options.faults.seed = emulator::random_fault_seed();
  bench::validate(options);
  return options;
}

// "2000 updates" or, when the slow runs are trimmed, what they get.
std::string updates_text(const bench::EchoBenchOptions& options) {
  const auto updates = counted(static_cast<std::int64_t>(options.updates), "update");
  if (options.slow_run_budget <= Duration::zero()) return updates;
  return fmt::format("{} per run (runs slower than {} at their bound get fewer, at least {})", updates,
                     format_duration(options.slow_run_budget), bench::kMinRunUpdates);
}

void print_text_header(const bench::EchoBenchOptions& options) {
  const std::string jitter = options.jitter > Duration::zero()
                                 ? fmt::format(" {} {}", plus_minus_sign(), format_duration(options.jitter))
                                 : std::string();
  const std::string latency = options.latency > Duration::zero() || !jitter.empty()
                                  ? format_duration(options.latency) + jitter + " before every API response"
                                  : std::string("no added latency");
  const std::string arrivals =
      options.rate_per_s > 0
          ? fmt::format("open loop: messages arrive at {}/s whatever the bot does, latency from each one's "
                        "scheduled arrival\n",
                        with_significant_digits(options.rate_per_s))
          : std::string();
  std::cout << fmt::format("echo-bench: {} over {}, {}, emulator on loopback{}\n{}\n", updates_text(options),
                           counted(static_cast<std::int64_t>(options.chats), "chat"), latency,
                           options.ordered ? ", replies ordered per chat" : "", arrivals)
            << report::render_bench_table_header() << std::flush;
}

void print_text_footer(const bench::EchoBenchOptions& options, const std::vector<report::BenchRun>& runs) {
  std::cout << report::render_bench_table_notes(runs);
  const auto delivers = [&options](bench::Delivery d) {
    return std::find(options.deliveries.begin(), options.deliveries.end(), d) != options.deliveries.end();
  };
  const bool webhook = delivers(bench::Delivery::webhook);
  if (options.latency > Duration::zero()) {
    if (delivers(bench::Delivery::polling)) {
      std::cout << (webhook ? "polling bound" : "bound") << " = min(concurrency, 100 updates per getUpdates"
                << (options.ordered ? ", chats" : "") << ") / latency (Little's law)\n";
    }
    if (webhook) {
      std::cout << fmt::format(
          "webhook bound = min(min(max_connections {}, chats) / delivery latency, handlers / handler time): the\n"
          "  receiver acknowledges before it handles, so the two overlap; handlers = max_connections for sync (one\n"
          "  per connection, on its thread), the workers for threaded, the sends in flight for async (with\n"
          "  --ordered at most one per chat); handler time = one sendMessage = latency\n",
          options.max_connections);
    }
  } else {
    std::cout << "no latency, no Little's-law bound: CPU and loopback are the limit\n";
  }
  if (options.rate_per_s > 0) {
    std::cout << fmt::format("offered {}/s: updates/s is what the bot achieved; latency counts the time a message\n"
                             "waited for a bot that fell behind\n",
                             with_significant_digits(options.rate_per_s));
  }
  for (const auto& run : runs) {
    if (!run.bot_error.empty()) std::cout << fmt::format("{} {}: the bot stopped: {}\n", run.mode, run.delivery, run.bot_error);
  }
  if (const auto faults = report::render_bench_faults(runs); !faults.empty()) std::cout << '\n' << faults;
  std::cout << '\n' << report::render_bench_chart(runs, 40, unicode_output() ? report::BarGlyphs::unicode : report::BarGlyphs::ascii);
}

int run_echo_bench_command(const EchoBenchFlags& flags) {
  const auto options = to_options(flags);
  SignalStop signals;  // Ctrl-C ends the run under way at once and reports the runs so far
  std::vector<report::BenchRun> runs;
  {
    if (!flags.json) print_text_header(options);  // at once: the runs take a while
    ProgressLine progress;
    bool announced = false;
    std::optional<double> sync_throughput;  // the speedup column's reference, once the sync run ended
    const auto on_progress = [&](const bench::BenchProgress& p) {
      if (!announced && options.faults.any()) {
        // Once the first run is under way (so Ctrl-C from here on cuts a run and reports it), and
        // before any result, so an interrupted or hanging run can still be replayed.
        auto faults = options.faults;
        faults.stall_for = bench::effective_stall_for(options);
        progress.clear();
        fmt::print(stderr, "echo-bench: injecting faults: {} (seed {}); the bot's request timeout is {}\n",
                   emulator::describe(faults), *faults.seed, format_duration(bench::effective_request_timeout(options)));
        std::fflush(stderr);
      }
      announced = true;
      progress.update(fmt::format("{}/{}: {}: {}/{} answered, {:.1f} s", p.run, p.runs, p.label, p.answered,
                                  p.total, to_seconds(p.elapsed)),
                      p.answered == 0);  // a new run shows at once
    };
    const auto on_run = [&](const report::BenchRun& run) {
      if (flags.json) return;
      if (run.mode == "sync" && !sync_throughput) sync_throughput = run.throughput_per_s;
      progress.clear();  // the row goes where the progress line was, on a shared terminal
      std::cout << report::render_bench_table_row(run, sync_throughput) << std::flush;
    };
    runs = bench::run_echo_bench(options, signals.token(), on_progress, on_run);
  }
  report::BenchSetup setup{to_ms(options.latency), to_ms(options.jitter), options.chats, options.updates,
                           options.ordered, static_cast<std::size_t>(options.max_connections), std::nullopt};
  if (options.rate_per_s > 0) setup.rate_per_s = options.rate_per_s;
  setup.interrupted = signals.signalled();
  if (flags.json) {
    std::cout << report::render_bench_json(setup, runs);
  } else {
    print_text_footer(options, runs);
  }
  // Duplicates that injected faults explain (a reply delivered, its answer lost, the bot retried)
  // are expected; any beyond them, or a lost update, is a failure.
  bool failed = false;
  for (const auto& run : runs) failed = failed || run.lost > 0 || run.unexplained_duplicates() > 0;
  return bench_exit_code(signals, "echo-bench", "the runs above are partial", failed);
}

}  // namespace

void add_echo_bench_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<EchoBenchFlags>();
  auto* sub = app.add_subcommand(
      "echo-bench",
      "Run an echo bot against an in-process emulated Bot API in sync, threaded and event-loop\n"
      "dispatch, and compare throughput and latency with the bound concurrency/latency");
  sub->add_option("--modes", flags->modes, "Dispatch modes to run: sync, threaded, async")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--workers", flags->workers, "Worker threads for the threaded runs (one run each)")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--inflight", flags->inflight, "Requests in flight for the async runs (one run each)")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--delivery", flags->deliveries,
                  "How the bot gets updates: polling, webhook (the emulator POSTs to the bot), or both (one run "
                  "each)")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--max-connections", flags->max_connections,
                  "The webhook runs' setWebhook max_connections, 1-100")
      ->capture_default_str();
  sub->add_option("--rate", flags->rate,
                  "Open loop: messages arrive at this many per second whatever the bot does, latency measured "
                  "from each one's scheduled arrival (0: all available at the start, a backlog)")
      ->capture_default_str();
  auto* updates = sub->add_option("--updates", flags->updates,
                                  "Updates (text messages) per run; without it, runs slower than 5s at their bound "
                                  "get fewer (at least 50)")
                      ->capture_default_str();
  sub->add_option("--chats", flags->chats, "Chats the updates are spread over")->capture_default_str();
  sub->add_option("--latency", flags->latency,
                  "Emulated latency before every API response, with a unit (20ms; a bare number other than 0 is "
                  "refused), at most 24h, a warning above 60s")
      ->capture_default_str();
  sub->add_option("--jitter", flags->jitter, "Latency varies uniformly within ± this much (a unit, as --latency)")->capture_default_str();
  sub->add_option("--run-timeout", flags->run_timeout,
                  "Cut a run off after this long, at most 24h; what it did not answer counts as lost (0: automatic;\n"
                  "a run cut by Ctrl-C or SIGTERM is marked interrupted and counts unanswered instead)")
      ->capture_default_str();
  sub->add_option("--request-timeout", flags->request_timeout,
                  "The bot's limit for one answer, at most 1h, then it retries (0: max(2s, 4 x (latency + jitter)))")
      ->capture_default_str();
  add_fault_flags(*sub, flags->faults, "past the bot's timeout: request timeout + 2s");
  sub->add_flag("--ordered", flags->ordered,
                "Keep each chat's replies in order (concurrent across chats, sequential within one)");
  sub->add_flag("--json", flags->json, "Print the runs as JSON");
  sub->footer(bench_footer(
      {"every update answered and no duplicate beyond those injected faults explain",
       "an update lost, an unexplained duplicate", "the runs so far"},
      "Under --fault drop/stall and --outage a reply can be delivered while its answer is lost; the bot retries,\n"
      "the chat sees it twice: such duplicates are counted, explained and not a failure.\n"
      "Ctrl-C or SIGTERM stops at once (the run under way is cut, its row and the runs so far are printed);\n"
      "a second one kills at once.\n"
      "With no flags it takes about 30 s on two cores: each run gets 2000 updates, except that a run slower than\n"
      "5s at its bound gets fewer (at 50ms: 100 for sync and 1 worker, 400 for 4 workers, 1600 for 16);\n"
      "--updates 2000 gives every run the full count (about 4 minutes).\n",
      {"tgperf echo-bench                                   # all modes, about 30 s, 50ms per call",
       "tgperf echo-bench --updates 2000                    # every run the full 2000 updates: about 4 minutes",
       "tgperf echo-bench --modes threaded,async --workers 16,64 --inflight 64,256",
       "tgperf echo-bench --delivery polling,webhook --latency 20ms   # long polling against a webhook",
       "tgperf echo-bench --modes threaded --workers 16 --delivery polling,webhook --rate 200 --updates 2000",
       "tgperf echo-bench --latency 0 --updates 20000 --json   # what the machine itself can do",
       "tgperf echo-bench --updates 200 --chats 20 --latency 5ms --fault drop:0.1 --fault 5xx:0.1 --outage 1s@300ms"}));
  sub->callback([&run, flags, sub, updates] {
    flags->parsed = sub;
    flags->updates_given = updates->count() > 0;
    run = [flags] { return run_echo_bench_command(*flags); };
  });
}

}  // namespace tgperf::cli
