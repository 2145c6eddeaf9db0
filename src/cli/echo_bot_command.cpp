// `tgperf echo-bot`: the bench's echo bot run for real — against Telegram, a local Bot API server or
// the emulator — printing how long each update took to handle.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/echo_bot_webhook.hpp"
#include "cli/token_source.hpp"
#include "tgperf/bot/echo_bot.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/stats/summary.hpp"

namespace tgperf::cli {

namespace {

struct EchoBotFlags {
  std::string token;
  std::string token_file;
  std::string api_url{botapi::kDefaultApiRoot};
  std::string mode = "threaded";
  // Signed on purpose: CLI11 2.1 turns "-1" into SIZE_MAX for an unsigned option, which would
  // pass a range check as "never stop"; as a signed value it is rejected below.
  long long workers = 4;
  long long inflight = 64;
  bool ordered = false;
  long long max_updates = 0;
  int poll_timeout_s = 10;
  bool quiet = false;
  const CLI::App* parsed = nullptr;  // the parsed subcommand: which flags were given
  EchoBotWebhookFlags webhook;
};

// --workers and --inflight size one dispatch mode each; given for another they would do nothing.
void check_flags_have_effect(const EchoBotFlags& flags, bot::DispatchMode mode) {
  auto given = [&flags](const char* name) { return flags.parsed != nullptr && flags.parsed->count(name) > 0; };
  if (given("--workers") && mode != bot::DispatchMode::threaded) {
    throw UsageError("--workers has no effect with --mode " + std::string(bot::to_string(mode)) +
                     " (only threaded has worker threads)");
  }
  if (given("--inflight") && mode != bot::DispatchMode::async) {
    throw UsageError("--inflight has no effect with --mode " + std::string(bot::to_string(mode)) +
                     " (only async keeps requests in flight)");
  }
  if (flags.ordered && mode == bot::DispatchMode::sync) {
    throw UsageError("--ordered has no effect with --mode sync (one update at a time is always in order)");
  }
}

std::string_view reason_text(bot::UpdaterResult::Reason reason) {
  switch (reason) {
    case bot::UpdaterResult::Reason::stop_requested: return "stopped";
    case bot::UpdaterResult::Reason::fatal_error: return "the API refused polling";
    case bot::UpdaterResult::Reason::conflict: return "conflict";
    case bot::UpdaterResult::Reason::delivery_failed: return "delivery failed";
  }
  return "?";
}

int run_echo_bot_command(const EchoBotFlags& flags) {
  std::optional<botapi::Token> token = botapi::token_from_flags(flags.token, flags.token_file);
  if (!token) throw UsageError("echo-bot needs a bot token: --token-file FILE, TGPERF_TOKEN or --token");
  bot::EchoBotOptions options(*token);
  options.api_url = flags.api_url;
  options.mode = bot::parse_dispatch_mode(flags.mode);
  check_flags_have_effect(flags, options.mode);
  if (flags.workers < 1 || flags.workers > 1024) throw UsageError("--workers must be between 1 and 1024");
  if (flags.inflight < 1 || flags.inflight > 10000) throw UsageError("--inflight must be between 1 and 10000");
  if (flags.max_updates < 0) throw UsageError("--max-updates must be 0 (never stop) or more");
  if (flags.poll_timeout_s < 0 || flags.poll_timeout_s > 50) throw UsageError("--poll-timeout must be 0-50 s");
  options.workers = static_cast<std::size_t>(flags.workers);
  options.inflight = static_cast<std::size_t>(flags.inflight);
  options.ordered = flags.ordered;
  options.polling.poll_timeout = std::chrono::seconds(flags.poll_timeout_s);
  const botapi::Endpoint endpoint(options.api_url, options.token);  // validates the URL (exit 2)
  if (!flags.webhook.listen.empty()) return run_echo_bot_webhook(options, flags.webhook, flags.quiet, flags.max_updates);
  if (!flags.webhook.url.empty() || !flags.webhook.secret_token.empty() || flags.webhook.reply) {
    throw UsageError("--webhook-url, --secret-token and --webhook-reply need --webhook ADDRESS:PORT");
  }

  // Ctrl-C or SIGTERM stops polling and abandons the replies in flight; so does --max-updates.
  SignalStop signals;
  std::stop_source& stop = signals.source();
  botapi::Client probe(endpoint);
  botapi::User me;
  try {
    me = probe.get_me(signals.token());
  } catch (const botapi::Cancelled&) {
    std::cerr << "tgperf: interrupted before getMe answered\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "tgperf: getMe at " << endpoint.redacted_method_url("getMe") << " failed: "
              << botapi::redact(e.what(), options.token) << '\n';
    return 1;
  }
  const std::string concurrency =
      options.mode == bot::DispatchMode::async     ? fmt::format(", {} in flight", options.inflight)
      : options.mode == bot::DispatchMode::threaded ? ", " + counted(static_cast<std::int64_t>(options.workers), "worker")
                                                    : std::string();
  std::cout << fmt::format("echo bot @{} ({}) polling {} — mode {}{}{}; Ctrl-C to stop\n",
                           me.username.value_or(me.first_name), options.token.redacted(),
                           endpoint.redacted_api_root(), bot::to_string(options.mode), concurrency,
                           options.ordered ? ", ordered per chat" : "")
            << std::flush;

  std::mutex mutex;  // guards the output and `handling_ms` (handlers run on worker threads)
  std::vector<double> handling_ms;
  std::size_t failures = 0;
  auto on_handled = [&](const bot::HandledUpdate& h) {
    std::lock_guard lock(mutex);
    if (h.ok) {
      handling_ms.push_back(to_ms(h.handling));
    } else {
      ++failures;
    }
    if (!flags.quiet) {
      std::cout << (h.ok ? fmt::format("update {} chat {}: replied in {:.1f} ms\n", h.update_id,
                                       h.chat_id, to_ms(h.handling))
                         : fmt::format("update {} chat {}: failed after {:.1f} ms: {}\n", h.update_id,
                                       h.chat_id, to_ms(h.handling),
                                       botapi::redact(h.error, options.token)))
                << std::flush;
    }
    if (flags.max_updates > 0 && handling_ms.size() + failures >= static_cast<std::size_t>(flags.max_updates)) {
      stop.request_stop();
    }
  };
  auto on_polling = [&](const bot::UpdaterEvent& e) {
    std::lock_guard lock(mutex);
    std::cerr << "tgperf: getUpdates: " << botapi::redact(e.description, options.token)
              << (e.wait.count() > 0 ? fmt::format(" (retrying in {})", format_duration(e.wait)) : "")
              << '\n';
  };
  const auto result = bot::run_echo_bot(options, stop.get_token(), on_handled, on_polling);

  std::lock_guard lock(mutex);
  std::cout << fmt::format("--- {}: {} replied, {} failed, polling {} ({}, {}, {} rate limited, {})\n",
                           options.token.redacted(), result.replied, result.failed,
                           reason_text(result.polling.reason),
                           counted(static_cast<std::int64_t>(result.polling.polls), "poll"),
                           counted(static_cast<std::int64_t>(result.polling.network_errors), "network error"),
                           result.polling.rate_limited,
                           counted(static_cast<std::int64_t>(result.polling.conflicts), "conflict"));
  if (const auto s = stats::summarize(handling_ms)) {
    std::cout << fmt::format("handling min/p50/p90/p99/max = {:.1f}/{:.1f}/{:.1f}/{:.1f}/{:.1f} ms\n",
                             s->min, s->p50, s->p90, s->p99, s->max);
  }
  if (result.polling.reason != bot::UpdaterResult::Reason::stop_requested) {
    std::cerr << "tgperf: polling ended: " << botapi::redact(result.polling.last_error, options.token) << '\n';
    return 1;
  }
  return result.failed > 0 ? 1 : 0;
}

}  // namespace

void add_echo_bot_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<EchoBotFlags>();
  auto* sub = app.add_subcommand(
      "echo-bot", "Run the echo bot for real (Telegram, a local Bot API server or `tgperf serve`)\n"
                  "and print how long each update took to handle");
  add_token_options(*sub, flags->token, flags->token_file);
  sub->add_option("--api-url", flags->api_url, "API root")->capture_default_str();
  sub->add_option("--mode", flags->mode, "Dispatch: sync, threaded or async")->capture_default_str();
  sub->add_option("--workers", flags->workers, "Worker threads (threaded), 1-1024")->capture_default_str();
  sub->add_option("--inflight", flags->inflight, "Requests in flight at most (async), 1-10000")
      ->capture_default_str();
  sub->add_flag("--ordered", flags->ordered, "Keep each chat's replies in order");
  sub->add_option("--max-updates", flags->max_updates, "Stop after handling this many updates (0: never)")
      ->capture_default_str();
  sub->add_option("--poll-timeout", flags->poll_timeout_s, "Long-polling timeout, seconds (0-50)")
      ->capture_default_str();
  sub->add_flag("-q,--quiet", flags->quiet, "No line per update, only the summary");
  add_echo_bot_webhook_flags(*sub, flags->webhook);
  sub->footer(
      "Exit status: 0 clean stop (Ctrl-C or --max-updates) with every reply sent, 1 a reply or polling\n"
      "failed, 2 bad input. Ctrl-C stops polling and prints the summary; a second Ctrl-C kills at once.\n"
      "Examples:\n"
      "  tgperf echo-bot --token-file ~/.bot-token --mode async    # your bot, on Telegram\n"
      "  # offline, against the emulator: 200 messages, answered by 16 worker threads\n"
      "  tgperf serve --listen 127.0.0.1:8081 --messages 200 &\n"
      "  tgperf echo-bot --token 123456:local-test-token-0123456789 --api-url http://127.0.0.1:8081 \\\n"
      "      --workers 16 --max-updates 200 -q\n"
      "  TGPERF_TOKEN=123456:local-test-token-0123456789 tgperf echo-bot --api-url http://127.0.0.1:8081 --mode sync\n"
      "  # webhook mode: setWebhook on start, deleteWebhook on exit (also Ctrl-C)\n"
      "  tgperf echo-bot --token 123456:local-test-token-0123456789 --api-url http://127.0.0.1:8081 \\\n"
      "      --webhook 127.0.0.1:8443 --webhook-url http://127.0.0.1:8443/hook --secret-token s3cret --max-connections 10");
  sub->callback([&run, flags, sub] {
    flags->parsed = sub;
    run = [flags] { return run_echo_bot_command(*flags); };
  });
}

}  // namespace tgperf::cli
