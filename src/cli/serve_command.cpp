// tgperf serve: the Bot API emulator as a stand-alone server that any bot can be pointed at.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/fault_flags.hpp"
#include "cli/latency_flags.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/bounded_file.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/listen_address.hpp"
#include "tgperf/core/loopback_address.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/significant_digits.hpp"
#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/report/ledger_report.hpp"

namespace tgperf::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8081";
  bool tls = false;
  std::string cert, key;
  std::vector<std::string> tokens;
  int chats = 1;
  int messages = 0;
  bool backlog = false;
  std::optional<double> rate;
  std::string latency = "0", jitter = "0", duration;
  double fail_rate = 0;
  bool flood = false;
  FaultFlags faults;
  bool exit_when_done = false;
  bool json = false;
  unsigned threads = 1;
  const CLI::App* parsed = nullptr;  // the parsed subcommand: which flags were given
  std::string webhook_timeout = "60s";
  std::string webhook_cacert;
  std::string webhook_url;  // --webhook: every bot starts with this webhook set
  bool pending_at_start = false;
};

using namespace std::chrono_literals;
// A server may run for a month.
constexpr DurationFlag kDurationFlag{"--duration", 24h * 31, std::nullopt, true, true};
// Telegram waits 60 s for a webhook's answer; more than an hour is a typo.
constexpr DurationFlag kWebhookTimeoutFlag{"--webhook-timeout", 1h, std::nullopt, true, true};

// Flags that only shape the simulated messages mean nothing when there are none.
void check_scenario_flags(const ServeFlags& f) {
  if (f.messages > 0) return;
  for (const char* flag : {"--chats", "--rate", "--backlog", "--exit-when-done", "--pending-at-start"}) {
    if (f.parsed->count(flag) > 0) throw UsageError(std::string(flag) + " has no effect without --messages N");
  }
}

emulator::EmulatorOptions to_options(const ServeFlags& f) {
  emulator::EmulatorOptions o;
  const auto listen = parse_listen_address(f.listen, "--listen", 8081);
  o.host = listen.host;
  o.port = listen.port;
  o.tls = f.tls || !f.cert.empty() || !f.key.empty();
  // OpenSSL reads these itself: a device or a pipe given by mistake would never end.
  if (!f.cert.empty()) check_input_file(f.cert, "--cert", kMaxPemFileBytes);
  if (!f.key.empty()) check_input_file(f.key, "--key", kMaxPemFileBytes);
  o.cert_file = f.cert;
  o.key_file = f.key;
  for (const auto& t : f.tokens) o.tokens.push_back(botapi::Token::parse(t).value());
  o.chats = f.chats;
  o.messages = f.messages;
  if (f.backlog && f.rate) throw UsageError("--backlog and --rate exclude each other");
  if (f.rate && !(*f.rate > 0)) throw UsageError("--rate must be a positive number of messages per second");
  o.rate_per_s = f.rate.value_or(0);
  o.latency = parse_duration_flag(f.latency, kLatencyFlag);
  o.jitter = parse_duration_flag(f.jitter, kJitterFlag);
  o.fail_rate = f.fail_rate;
  o.flood = f.flood;
  o.faults = to_fault_options(f.faults, std::chrono::seconds(30));
  o.threads = f.threads;
  o.webhook_timeout = parse_duration_flag(f.webhook_timeout, kWebhookTimeoutFlag);
  o.webhook_cacert = f.webhook_cacert;
  o.webhook_url = f.webhook_url;
  o.pending_at_start = f.pending_at_start;
  emulator::validate(o);
  check_scenario_flags(f);
  check_fault_flags_have_effect(*f.parsed, emulator::effective_faults(o));
  return o;
}

// The emulator answers anyone who can reach it, with any well-formed token unless --token limits
// it: listening beyond loopback is allowed (a bot on another machine), but never silently.
std::string network_exposure_warning(const emulator::EmulatorOptions& o) {
  if (is_loopback_address(o.host)) return {};
  const bool wildcard = o.host == "0.0.0.0" || o.host.find_first_not_of(":0") == std::string::npos;
  return fmt::format("tgperf: warning: listening on {}{}: the emulator is reachable from the network{}\n",
                     o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host,
                     wildcard ? " (every interface)" : "",
                     o.tokens.empty() ? " and accepts any well-formed token (limit it with --token)" : "");
}

std::string describe_bots(const emulator::EmulatorOptions& o) {
  if (o.tokens.empty()) return "any well-formed token";
  std::string out;
  for (const auto& t : o.tokens) {
    if (!out.empty()) out += ", ";
    out += botapi::Token::parse(t).redacted();
  }
  return out;
}

std::string describe_scenario(const emulator::EmulatorOptions& o) {
  if (o.messages == 0) return "no simulated messages";
  const std::string arrivals = o.rate_per_s > 0 ? fmt::format("at {}/s", with_significant_digits(o.rate_per_s)) : std::string("all at once");
  return fmt::format("{} from {} per bot, {}, from the bot's first getUpdates or setWebhook", counted(o.messages, "message"),
                     counted(o.chats, "chat"), arrivals);
}

int run_serve(const ServeFlags& flags) {
  const emulator::EmulatorOptions options = to_options(flags);
  // Zero: no limit.
  const Duration duration = flags.duration.empty() ? Duration::zero() : parse_duration_flag(flags.duration, kDurationFlag);

  SignalStop signals;  // Ctrl-C or SIGTERM: stop serving, print the ledger
  const std::stop_token stop = signals.token();
  std::optional<emulator::Emulator> started_server;
  try {
    started_server.emplace(options);
  } catch (const emulator::CertificateError& e) {
    throw UsageError(std::string("--cert/--key: ") + e.what());  // the files given are not a usable pair
  }
  emulator::Emulator& server = *started_server;
  // With --json, stdout carries only the ledger; the banner goes to stderr.
  std::FILE* banner = flags.json ? stderr : stdout;
  std::fputs(network_exposure_warning(options).c_str(), stderr);
  fmt::print(banner, "Bot API emulator on {} — point your bot's base URL here\n", server.base_url());
  if (options.tls) fmt::print(banner, "  certificate: {}  (clients: --cacert {})\n", server.certificate_file(), server.certificate_file());
  fmt::print(banner, "  bots: {}\n  scenario: {}\n", describe_bots(options), describe_scenario(options));
  if (options.latency > Duration::zero() || options.fail_rate > 0 || options.flood) {
    const std::string jitter = options.jitter > Duration::zero()
                                   ? fmt::format(" {} {}", plus_minus_sign(), format_duration(options.jitter))
                                   : std::string{};
    // Only what is on: "latency 0ns" or "fail rate 0" would describe a network effect that is absent.
    std::vector<std::string> effects;
    if (options.latency > Duration::zero()) effects.push_back("latency " + format_duration(options.latency) + jitter);
    if (options.fail_rate > 0) effects.push_back(fmt::format("fail rate {:g}", options.fail_rate));
    if (options.flood) effects.push_back("flood limits on");
    fmt::print(banner, "  network: {}\n", fmt::join(effects, ", "));
  }
  const auto faults = emulator::effective_faults(options);
  if (faults.any()) {
    fmt::print(banner, "  faults: {} (seed {}; --seed {} replays the draws)\n", emulator::describe(faults),
               server.fault_seed(), server.fault_seed());
  }
  fmt::print(banner, "  stop with Ctrl-C{}\n",
             flags.exit_when_done ? " (or when every message is answered)" : "");
  std::fflush(banner);

  ProgressLine progress;
  const auto started = std::chrono::steady_clock::now();
  bool done = false;
  while (!stop.stop_requested()) {
    if (duration > Duration::zero() && std::chrono::steady_clock::now() - started >= duration) break;
    if (flags.exit_when_done) {
      done = server.wait_until_answered(std::chrono::milliseconds(200));
      if (done) break;
    } else {
      sleep_unless_stopped(stop, std::chrono::milliseconds(200));
    }
    if (progress.enabled()) {
      const auto r = server.ledger();
      progress.update(fmt::format("answered {}/{}  requests {}  connections {}", r.answered, r.scheduled,
                                  server.requests_served(), server.connections_open()));
    }
  }
  progress.clear();
  server.stop();
  const auto report = server.ledger();
  if (flags.json) {
    nlohmann::json j = report::ledger_json(report);
    j["base_url"] = server.base_url();
    j["requests"] = server.requests_served();
    // Stopped by Ctrl-C or SIGTERM rather than --duration or --exit-when-done: what is unanswered
    // may only not have been answered yet.
    j["interrupted"] = signals.signalled();
    if (emulator::effective_faults(options).any()) j["faults"]["seed"] = server.fault_seed();
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << '\n' << report::render_ledger(report);
    if (signals.signalled() && report.unanswered > 0) {
      std::cout << fmt::format("  {:<16} by a signal, with {} unanswered: not lost, the serving ended first\n",
                               "interrupted", report.unanswered);
    }
  }
  std::cout.flush();
  if (flags.exit_when_done && !report.all_answered()) return 1;
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<ServeFlags>();
  auto* sub = app.add_subcommand("serve", "Run an emulated Telegram Bot API that any bot can be pointed at");
  sub->add_option("--listen", flags->listen, "ADDRESS:PORT to listen on (port 0: any free port)")->capture_default_str();
  sub->add_flag("--tls", flags->tls, "Serve HTTPS with a certificate generated at start (its path is printed)");
  sub->add_option("--cert", flags->cert, "PEM certificate for HTTPS (with --key), a regular file of at most 1 MiB");
  sub->add_option("--key", flags->key, "PEM private key for HTTPS (with --cert), a regular file of at most 1 MiB");
  sub->add_option("--token", flags->tokens, "Accept only this bot token (repeatable; default: any well-formed token)");
  sub->add_option("--chats", flags->chats, "Simulated users, one private chat each")->capture_default_str();
  sub->add_option("--messages", flags->messages, "Messages the simulated users send to each bot")->capture_default_str();
  sub->add_flag("--backlog", flags->backlog, "All messages available at once at the bot's first getUpdates (default)");
  sub->add_option("--rate", flags->rate, "Messages per second instead, arriving open-loop");
  sub->add_option("--latency", flags->latency, "Delay before every response, with a unit, e.g. 50ms (a bare number other than 0 is refused); at most "
                  "24h, a warning above 60s")->capture_default_str();
  sub->add_option("--jitter", flags->jitter, "The delay varies uniformly by up to ± this much")->capture_default_str();
  sub->add_option("--fail-rate", flags->fail_rate, "Share of calls (0-1) answered 502 or dropped")->capture_default_str();
  sub->add_flag("--flood", flags->flood, "Enforce the flood limits (30 msg/s per bot, 1/s per chat): 429 + retry_after");
  add_fault_flags(*sub, flags->faults, "30s");
  sub->add_option("--duration", flags->duration, "Stop after this long, e.g. 60s (at most 31 days)");
  sub->add_flag("--exit-when-done", flags->exit_when_done, "Stop once every simulated message is answered (exit 1 if cut short)");
  sub->add_flag("--json", flags->json, "Print the ledger as JSON on exit");
  sub->add_option("--threads", flags->threads, "I/O threads")->capture_default_str();
  sub->add_option("--webhook-timeout", flags->webhook_timeout,
                  "How long a webhook may take to answer a delivery before it is retried")->capture_default_str();
  sub->add_option("--webhook-cacert", flags->webhook_cacert, "PEM CA file that verifies https webhooks")
      ->check(CLI::ExistingFile);
  sub->add_option("--webhook", flags->webhook_url,
                  "Every bot starts with this webhook set, as if setWebhook had been called (with --token: at start), "
                  "e.g. to reproduce a failing webhook for tgperf doctor");
  sub->add_flag("--pending-at-start", flags->pending_at_start,
                "With --messages: the messages are pending from the start (with --token) or the bot's first call, "
                "not its first getUpdates: a backlog nobody fetches");
  sub->footer(
      "Examples:\n"
      "  tgperf serve                                   # http://127.0.0.1:8081, any token\n"
      "  tgperf serve --messages 500 --chats 50 --latency 50ms --exit-when-done --json\n"
      "  tgperf serve --listen 127.0.0.1:8443 --tls --rate 20 --messages 600 --flood\n"
      "  tgperf serve --messages 200 --fault 5xx:0.1 --fault drop:5% --fault stall:0.02 --outage 2s@10s --seed 1\n"
      "  tgperf serve --messages 300 --chats 30 --webhook-timeout 10s   # then setWebhook http://127.0.0.1:PORT/\n"
      "  tgperf serve --token 123456:... --messages 50 --webhook http://127.0.0.1:9/   # a webhook that keeps failing\n"
      "Point a bot at it: python-telegram-bot 13 Updater(TOKEN, base_url=\"http://127.0.0.1:8081/bot\"),\n"
      "grammY new Bot(TOKEN, { client: { apiRoot: \"http://127.0.0.1:8081\" } }).\n"
      "Webhooks: after setWebhook (plain http only to loopback; https verified against --webhook-cacert)\n"
      "updates are POSTed one per request, at most max_connections at once, in order within a chat,\n"
      "retried with a doubling backoff (1 s to 60 s); getWebhookInfo reports the last error.\n"
      "The ledger (answered, duplicates, unanswered, latency p50/p90/p99, faults injected by kind, and with\n"
      "--flood the limiter's 429s per chat and per bot and the retries sent before their retry_after) is\n"
      "printed on exit and on Ctrl-C.");
  sub->callback([&run, flags, sub] {
    flags->parsed = sub;
    run = [flags] { return run_serve(*flags); };
  });
}

}  // namespace tgperf::cli
