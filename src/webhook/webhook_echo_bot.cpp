#include "tgperf/webhook/webhook_echo_bot.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include <nlohmann/json.hpp>

#include "tgperf/bot/update_fields.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/request.hpp"
#include "tgperf/webhook/receiver.hpp"
#include "webhook/update_handlers.hpp"

namespace tgperf::webhook {
namespace {

constexpr std::chrono::milliseconds kSetupCallTimeout{30'000};

void wait_for(std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait(lock, stop, [] { return false; });
}

}  // namespace

std::string url_path(const std::string& url) {
  const auto scheme = url.find("://");
  const auto start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (start == std::string::npos) return "/";
  return url.substr(start, url.find_first_of("?#", start) - start);
}

WebhookEchoResult run_webhook_echo_bot(const bot::EchoBotOptions& options, const WebhookEchoOptions& webhook,
                                       std::stop_token stop, const bot::HandledObserver& on_handled,
                                       const std::function<void(std::uint16_t)>& on_ready) {
  const botapi::Endpoint endpoint(options.api_url, options.token);
  botapi::ClientOptions client_options;
  client_options.transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
  const auto handlers = options.mode == bot::DispatchMode::async ? make_event_loop_handlers(options, stop, on_handled)
                                                                 : make_blocking_handlers(options, stop, on_handled);
  std::atomic<std::size_t> webhook_replies{0};

  ReceiverOptions receiver_options;
  receiver_options.host = webhook.listen_host;
  receiver_options.port = webhook.listen_port;
  receiver_options.path = url_path(webhook.url);
  receiver_options.secret_token = webhook.secret_token;
  receiver_options.reply_in_body = webhook.reply_in_body;
  receiver_options.server = handlers->server();
  UpdateSink sink = [&](const botapi::Update& update) -> std::optional<std::string> {
    if (!webhook.reply_in_body) {
      handlers->take(update);
      return std::nullopt;
    }
    // The webhook reply: the sendMessage travels in the answer; whether it succeeded is never known.
    const auto chat = bot::chat_id_of(update);
    const auto text = bot::text_of(update);
    if (!chat || text.empty()) return std::nullopt;
    ++webhook_replies;
    if (on_handled) on_handled(bot::HandledUpdate{bot::update_id_of(update), *chat, Duration::zero(), true, {}});
    return nlohmann::json{{"method", "sendMessage"}, {"chat_id", *chat}, {"text", std::string(text)}}.dump();
  };
  Receiver receiver(receiver_options, sink);

  // setWebhook is not a reply: it runs once and may carry a large backlog over to the webhook
  // (Telegram checks the URL too), so it gets more time than a reply. A stop still ends it at once.
  botapi::ClientOptions setup_options = client_options;
  setup_options.transport.max_time = std::max(client_options.transport.max_time.value_or(kSetupCallTimeout), kSetupCallTimeout);
  botapi::Client setup(endpoint, setup_options);
  const std::string url = !webhook.url.empty() ? webhook.url
                          : webhook.listen_host.find(':') != std::string::npos
                              ? "http://[" + webhook.listen_host + "]:" + std::to_string(receiver.port()) + "/"
                              : "http://" + webhook.listen_host + ":" + std::to_string(receiver.port()) + "/";
  try {
    setup.call(botapi::set_webhook(url, webhook.secret_token, webhook.max_connections), stop);
  } catch (const botapi::Cancelled&) {
    // Stopped while setting it up: the server may have set it all the same, so deleteWebhook below.
  }
  if (on_ready) on_ready(receiver.port());
  wait_for(stop);
  // Stopping means stopping: the replies still queued are dropped, the running ones abandoned;
  // only deleteWebhook still goes out.
  handlers->abandon();

  WebhookEchoResult result;
  try {
    // A reply's limit, not setWebhook's: the last call out keeps stopping quick.
    botapi::Client teardown(endpoint, client_options);
    result.webhook_deleted = teardown.delete_webhook();
  } catch (const std::exception&) {
    result.webhook_deleted = false;  // reported by the caller: the webhook may still be set
  }
  receiver.stop();
  handlers->finish();
  const auto counters = receiver.counters();
  result.received = counters.accepted;
  result.rejected = counters.rejected;
  result.replied = handlers->replied() + webhook_replies;
  result.failed = handlers->failed();
  result.peak_in_flight = handlers->peak_in_flight();
  return result;
}

}  // namespace tgperf::webhook
