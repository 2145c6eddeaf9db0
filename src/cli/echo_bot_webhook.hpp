#pragma once
// `tgperf echo-bot --webhook LISTEN --webhook-url URL`: the echo bot fed by a webhook instead of
// getUpdates. Its flags and its run, kept apart from the polling command they extend.
#include <string>

#include "tgperf/bot/echo_bot.hpp"

namespace CLI {
class App;
}

namespace tgperf::cli {

struct EchoBotWebhookFlags {
  std::string listen;  // empty: polling
  std::string url;
  std::string secret_token;
  int max_connections = 40;
  bool reply = false;
};

void add_echo_bot_webhook_flags(CLI::App& sub, EchoBotWebhookFlags& flags);

// Runs the webhook echo bot until Ctrl-C or `max_updates` (0: never); the exit status.
int run_echo_bot_webhook(const bot::EchoBotOptions& options, const EchoBotWebhookFlags& flags, bool quiet,
                         long long max_updates);

}  // namespace tgperf::cli
