// sync and threaded webhook handlers: the polling bot's Dispatcher and echo_reply, each reply on a
// keep-alive client leased for it. Sync runs the handler on the receiver's connection thread
// (after the 200), threaded queues it for the worker pool.
#include <algorithm>
#include <atomic>
#include <chrono>

#include "tgperf/bot/dispatcher.hpp"
#include "tgperf/bot/echo_reply.hpp"
#include "tgperf/bot/filters.hpp"
#include "tgperf/bot/lease_pool.hpp"
#include "tgperf/bot/worker_pool.hpp"
#include "tgperf/botapi/client.hpp"
#include "webhook/update_handlers.hpp"

namespace tgperf::webhook {
namespace {

class BlockingHandlers final : public UpdateHandlers {
 public:
  BlockingHandlers(const bot::EchoBotOptions& options, std::stop_token stop, const bot::HandledObserver& on_handled)
      : endpoint_(options.api_url, options.token),
        clients_([this] { return std::make_unique<botapi::Client>(endpoint_, client_options_); }),
        pool_(options.mode == bot::DispatchMode::threaded
                  ? std::make_unique<bot::WorkerPool>(std::max<std::size_t>(options.workers, 1))
                  : nullptr),
        dispatcher_(pool_.get(), options.ordered) {
    client_options_.transport.max_time =
        std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
    bot::HandlerOptions handler_options;
    handler_options.run_async = pool_ != nullptr;
    dispatcher_.add_handler(bot::filters::text(), [this, stop, &on_handled](const botapi::Update& update) {
      if (stop.stop_requested()) return;  // queued before the stop: dropped, not started
      auto client = clients_.acquire();
      const auto handled = bot::echo_reply(*client, update, stop);
      if (!handled) return;  // abandoned by the stop: neither replied nor failed
      ++(handled->ok ? replied_ : failed_);
      if (on_handled) on_handled(*handled);
    }, handler_options);
  }

  ReceiverServer server() const override { return ReceiverServer::thread_per_connection; }
  void take(const botapi::Update& update) override { dispatcher_.process(update); }
  void abandon() override {
    // The running handlers see the stop themselves and abandon their requests.
    if (pool_) pool_->drop_queued();
  }
  void finish() override {
    if (pool_) pool_->shutdown();  // joins the workers, quick now that their requests are abandoned
  }
  std::size_t replied() const override { return replied_; }
  std::size_t failed() const override { return failed_; }

 private:
  botapi::Endpoint endpoint_;
  botapi::ClientOptions client_options_;
  bot::LeasePool<botapi::Client> clients_;
  std::unique_ptr<bot::WorkerPool> pool_;
  bot::Dispatcher dispatcher_;
  std::atomic<std::size_t> replied_{0}, failed_{0};
};

}  // namespace

std::unique_ptr<UpdateHandlers> make_blocking_handlers(const bot::EchoBotOptions& options, std::stop_token stop,
                                                       const bot::HandledObserver& on_handled) {
  return std::make_unique<BlockingHandlers>(options, std::move(stop), on_handled);
}

}  // namespace tgperf::webhook
