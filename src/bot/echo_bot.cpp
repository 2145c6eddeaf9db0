#include "tgperf/bot/echo_bot.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "bot/echo_bot_modes.hpp"
#include "tgperf/bot/client_update_source.hpp"
#include "tgperf/bot/dispatcher.hpp"
#include "tgperf/bot/echo_reply.hpp"
#include "tgperf/bot/lease_pool.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/bot/updater.hpp"
#include "tgperf/bot/worker_pool.hpp"
#include "tgperf/botapi/client.hpp"

namespace tgperf::bot {


namespace detail {

EchoBotResult run_blocking_echo_bot(const EchoBotOptions& options, std::stop_token stop,
                                    const HandledObserver& on_handled, const PollingObserver& on_polling) {
  const botapi::Endpoint endpoint(options.api_url, options.token);
  botapi::ClientOptions client_options;
  client_options.transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
  const bool threaded = options.mode == DispatchMode::threaded;
  // One keep-alive client per concurrent handler: the pool never grows past the worker count.
  LeasePool<botapi::Client> clients(
      [&endpoint, &client_options] { return std::make_unique<botapi::Client>(endpoint, client_options); });
  std::unique_ptr<WorkerPool> pool;
  if (threaded) pool = std::make_unique<WorkerPool>(std::max<std::size_t>(options.workers, 1));
  Dispatcher dispatcher(pool.get(), options.ordered);

  std::atomic<std::size_t> replied{0}, failed{0};
  HandlerOptions handler_options;
  handler_options.run_async = threaded;
  dispatcher.add_handler(filters::text(), [&](const botapi::Update& update) {
    if (stop.stop_requested()) return;  // queued before the stop: dropped, not started
    auto client = clients.acquire();
    const auto handled = echo_reply(*client, update, stop);
    if (!handled) return;
    ++(handled->ok ? replied : failed);
    if (on_handled) on_handled(*handled);
  }, handler_options);

  botapi::Client poller(endpoint, client_options);
  ClientUpdateSource source(poller);
  Updater updater(source, [&dispatcher](const botapi::Update& u) { dispatcher.process(u); },
                  options.polling, on_polling);
  EchoBotResult result;
  result.polling = updater.run(stop);
  if (pool) {
    // Stopping means stopping: the replies still queued are dropped, the running ones see the
    // stop and abandon their requests, so the join below is quick.
    if (stop.stop_requested()) pool->drop_queued();
    pool->shutdown();
  }
  result.replied = replied;
  result.failed = failed;
  return result;
}

}  // namespace detail

EchoBotResult run_echo_bot(const EchoBotOptions& options, std::stop_token stop,
                           const HandledObserver& on_handled, const PollingObserver& on_polling) {
  if (options.mode == DispatchMode::async) {
    return detail::run_event_loop_echo_bot(options, stop, on_handled, on_polling);
  }
  return detail::run_blocking_echo_bot(options, stop, on_handled, on_polling);
}

}  // namespace tgperf::bot
