#include "cli/echo_bot_webhook.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "tgperf/botapi/token.hpp"
#include "tgperf/core/listen_address.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/url_redaction.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/stats/summary.hpp"
#include "tgperf/webhook/webhook_echo_bot.hpp"

namespace tgperf::cli {
void add_echo_bot_webhook_flags(CLI::App& sub, EchoBotWebhookFlags& flags) {
  sub.add_option("--webhook", flags.listen,
                 "Webhook mode: listen on ADDRESS:PORT for updates instead of polling (needs --webhook-url)");
  sub.add_option("--webhook-url", flags.url,
                 "The URL setWebhook gets (what reaches --webhook; its path is the one served)");
  sub.add_option("--secret-token", flags.secret_token,
                 "Webhook secret: sent to setWebhook, required in X-Telegram-Bot-Api-Secret-Token (else 403)");
  sub.add_option("--max-connections", flags.max_connections, "Webhook connections Telegram may open, 1-100")
      ->capture_default_str();
  sub.add_flag("--webhook-reply", flags.reply, "Answer each update with its sendMessage in the webhook's response");
}

int run_echo_bot_webhook(const bot::EchoBotOptions& options, const EchoBotWebhookFlags& flags, bool quiet,
                         long long max_updates) {
  if (flags.url.empty()) throw UsageError("--webhook needs --webhook-url (the URL Telegram will POST to)");
  if (flags.max_connections < 1 || flags.max_connections > 100) {
    throw UsageError("--max-connections must be between 1 and 100");
  }
  webhook::WebhookEchoOptions webhook_options;
  const auto listen = parse_listen_address(flags.listen, "--webhook", 8443);
  webhook_options.listen_host = listen.host;
  webhook_options.listen_port = listen.port;
  webhook_options.url = flags.url;
  webhook_options.secret_token = flags.secret_token;
  webhook_options.max_connections = flags.max_connections;
  webhook_options.reply_in_body = flags.reply;

  // Ctrl-C or SIGTERM stops the receiver; deleteWebhook still runs on the way out.
  SignalStop signals;
  std::stop_source& stop = signals.source();
  std::mutex mutex;  // guards the output and the figures (handlers run on worker or event-loop threads)
  std::vector<double> handling_ms;
  std::size_t failures = 0;
  std::size_t handled_count = 0;
  auto on_handled = [&](const bot::HandledUpdate& h) {
    std::lock_guard lock(mutex);
    if (h.ok) {
      if (!flags.reply) handling_ms.push_back(to_ms(h.handling));
    } else {
      ++failures;
    }
    if (!quiet) {
      std::cout << (!h.ok     ? fmt::format("update {} chat {}: failed after {:.1f} ms: {}\n", h.update_id,
                                            h.chat_id, to_ms(h.handling), botapi::redact(h.error, options.token))
                    : flags.reply ? fmt::format("update {} chat {}: replied in the webhook answer\n", h.update_id,
                                                h.chat_id)
                                  : fmt::format("update {} chat {}: replied in {:.1f} ms\n", h.update_id, h.chat_id,
                                                to_ms(h.handling)))
                << std::flush;
    }
    if (max_updates > 0 && ++handled_count >= static_cast<std::size_t>(max_updates)) stop.request_stop();
  };
  auto on_ready = [&](std::uint16_t port) {
    std::lock_guard lock(mutex);
    std::cout << fmt::format("echo bot ({}) webhook on {}:{} for {} — mode {}{}{}; Ctrl-C to stop\n",
                             options.token.redacted(), webhook_options.listen_host, port,
                             redact_url_userinfo(flags.url),
                             bot::to_string(options.mode),
                             options.mode == bot::DispatchMode::threaded ? fmt::format(", {} workers", options.workers)
                             : options.mode == bot::DispatchMode::async  ? fmt::format(", {} in flight", options.inflight)
                                                                         : std::string(),
                             flags.reply ? ", replies in the webhook answer" : "")
              << std::flush;
  };
  webhook::WebhookEchoResult result;
  try {
    result = webhook::run_webhook_echo_bot(options, webhook_options, stop.get_token(), on_handled, on_ready);
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    std::cerr << "tgperf: webhook: " << botapi::redact(e.what(), options.token) << '\n';
    return 1;
  }

  std::lock_guard lock(mutex);
  std::cout << fmt::format("--- {}: {} received, {} replied, {} failed, {} rejected; webhook {}\n",
                           options.token.redacted(), result.received, result.replied, result.failed,
                           result.rejected, result.webhook_deleted ? "deleted" : "NOT deleted");
  if (const auto s = stats::summarize(handling_ms)) {
    std::cout << fmt::format("handling min/p50/p90/p99/max = {:.1f}/{:.1f}/{:.1f}/{:.1f}/{:.1f} ms\n",
                             s->min, s->p50, s->p90, s->p99, s->max);
  }
  if (!result.webhook_deleted) {
    std::cerr << "tgperf: deleteWebhook failed: the webhook may still be set\n";
    return 1;
  }
  return result.failed > 0 ? 1 : 0;
}

}  // namespace tgperf::cli
