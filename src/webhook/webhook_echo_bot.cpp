#include "tgperf/webhook/webhook_echo_bot.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include <nlohmann/json.hpp>

#include "tgperf/bot/dispatcher.hpp"
#include "tgperf/bot/echo_reply.hpp"
#include "tgperf/bot/filters.hpp"
#include "tgperf/bot/lease_pool.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/bot/worker_pool.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/request.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/webhook/receiver.hpp"

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
  if (options.mode == bot::DispatchMode::async) {
    throw UsageError("webhook mode runs sync or threaded handlers, not async");
  }
  const botapi::Endpoint endpoint(options.api_url, options.token);
  botapi::ClientOptions client_options;
  client_options.transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
  bot::LeasePool<botapi::Client> clients(
      [&endpoint, &client_options] { return std::make_unique<botapi::Client>(endpoint, client_options); });
  const bool threaded = options.mode == bot::DispatchMode::threaded;
  std::unique_ptr<bot::WorkerPool> pool;
  if (threaded) pool = std::make_unique<bot::WorkerPool>(std::max<std::size_t>(options.workers, 1));
  bot::Dispatcher dispatcher(pool.get(), options.ordered);

  std::atomic<std::size_t> replied{0}, failed{0};
  bot::HandlerOptions handler_options;
  handler_options.run_async = threaded;
  dispatcher.add_handler(bot::filters::text(), [&](const botapi::Update& update) {
    if (stop.stop_requested()) return;  // queued before the stop: dropped, not started
    auto client = clients.acquire();
    const auto handled = bot::echo_reply(*client, update, stop);
    if (!handled) return;  // abandoned by the stop: neither replied nor failed
    ++(handled->ok ? replied : failed);
    if (on_handled) on_handled(*handled);
  }, handler_options);

  ReceiverOptions receiver_options;
  receiver_options.host = webhook.listen_host;
  receiver_options.port = webhook.listen_port;
  receiver_options.path = url_path(webhook.url);
  receiver_options.secret_token = webhook.secret_token;
  receiver_options.reply_in_body = webhook.reply_in_body;
  UpdateSink sink = [&](const botapi::Update& update) -> std::optional<std::string> {
    if (!webhook.reply_in_body) {
      dispatcher.process(update);
      return std::nullopt;
    }
    // The webhook reply: the sendMessage travels in the answer; whether it succeeded is never known.
    const auto chat = bot::chat_id_of(update);
    const auto text = bot::text_of(update);
    if (!chat || text.empty()) return std::nullopt;
    ++replied;
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
  // Stopping means stopping: the replies still queued are dropped, the running ones see the stop
  // and abandon their requests; only deleteWebhook still goes out.
  if (pool) pool->drop_queued();

  WebhookEchoResult result;
  try {
    // On a reply's client: the last call out keeps a reply's limit, so stopping stays quick.
    result.webhook_deleted = clients.acquire()->delete_webhook();
  } catch (const std::exception&) {
    result.webhook_deleted = false;  // reported by the caller: the webhook may still be set
  }
  receiver.stop();
  if (pool) pool->shutdown();  // joins the workers, quick now that their requests are abandoned
  const auto counters = receiver.counters();
  result.received = counters.accepted;
  result.rejected = counters.rejected;
  result.replied = replied;
  result.failed = failed;
  return result;
}

}  // namespace tgperf::webhook
