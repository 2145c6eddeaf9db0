#pragma once
// The echo bot in webhook mode: the same handlers as polling (bot/echo_bot.hpp), fed by a Receiver
// instead of an Updater: the Dispatcher for sync and threaded (a receiver thread per connection),
// the EventLoop and its EventLoopReplier for async (one receiver I/O thread, one loop thread). It calls setWebhook itself on start and deleteWebhook on
// the way out (also after a stop request), so the bot can go back to polling afterwards.
#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <string>

#include "tgperf/bot/echo_bot.hpp"

namespace tgperf::webhook {

struct WebhookEchoOptions {
  std::string listen_host = "127.0.0.1";  // where the receiver listens
  std::uint16_t listen_port = 0;
  std::string url;                         // what setWebhook gets; its path is the one served
                                           // (empty: http://LISTEN_HOST:PORT/, the receiver itself,
                                           // e.g. with an ephemeral port on loopback)
  std::string secret_token;                // empty: none
  int max_connections = 40;                // 1-100
  bool reply_in_body = false;              // answer each update with its sendMessage (webhook reply)
};

struct WebhookEchoResult {
  std::size_t received = 0;  // updates the receiver accepted
  std::size_t rejected = 0;  // requests it refused (wrong secret, path, body)
  std::size_t replied = 0;   // sendMessage calls that succeeded, or webhook replies given
  std::size_t failed = 0;
  bool webhook_deleted = false;  // deleteWebhook succeeded on the way out
  // async: the most sendMessage calls ever in flight at once (at most options.inflight); 0 otherwise.
  std::size_t peak_in_flight = 0;
};

// The path of a URL ("/" when it has none), e.g. "/hook" of "https://bot.example/hook?x".
std::string url_path(const std::string& url);

// Runs until `stop` fires. Throws what botapi::Client throws when setWebhook is refused, and
// std::runtime_error when the receiver cannot listen. `on_ready` (optional) gets the receiver's port once setWebhook
// succeeded.
WebhookEchoResult run_webhook_echo_bot(const bot::EchoBotOptions& options, const WebhookEchoOptions& webhook,
                                       std::stop_token stop, const bot::HandledObserver& on_handled = nullptr,
                                       const std::function<void(std::uint16_t)>& on_ready = nullptr);

}  // namespace tgperf::webhook
