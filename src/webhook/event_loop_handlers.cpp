// async webhook handlers: the receiver's I/O thread posts each update to a curl EventLoop running
// on a thread of its own, where EventLoopReplier sends the reply (the polling async bot's replies:
// at most --inflight in flight, retries, --ordered queues). No thread per connection, none per reply.
#include <algorithm>
#include <chrono>
#include <thread>

#include "tgperf/bot/event_loop.hpp"
#include "tgperf/bot/event_loop_replier.hpp"
#include "webhook/update_handlers.hpp"

namespace tgperf::webhook {
namespace {

http::TransportOptions transport_for(const bot::EchoBotOptions& options) {
  http::TransportOptions transport;
  transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
  return transport;
}

class EventLoopHandlers final : public UpdateHandlers {
 public:
  EventLoopHandlers(const bot::EchoBotOptions& options, std::stop_token stop, const bot::HandledObserver& on_handled)
      : forward_(std::move(stop), Forward{&stop_}),
        loop_(std::max<std::size_t>(options.inflight, 1), transport_for(options)),
        replier_(loop_, botapi::Endpoint(options.api_url, options.token), options.ordered, on_handled),
        thread_([this] {
          loop_.run(stop_.get_token(), [this] {
            // Stopping means stopping: every send in flight or queued is abandoned now.
            replier_.stop();
            loop_.cancel_all();
          });
        }) {}
  // Also when the bot ends before its stop (setWebhook refused): the loop must not outlive it.
  ~EventLoopHandlers() override {
    stop_.request_stop();
    finish();
  }
  EventLoopHandlers(const EventLoopHandlers&) = delete;
  EventLoopHandlers& operator=(const EventLoopHandlers&) = delete;

  ReceiverServer server() const override { return ReceiverServer::event_loop; }
  void take(const botapi::Update& update) override {
    auto job = bot::reply_job_for(update);
    if (!job) return;  // no text to echo
    loop_.post([this, job = std::move(*job)]() mutable { replier_.hand_over(std::move(job)); });
  }
  void abandon() override {}  // the loop sees the stop itself, and cancels what it has
  void finish() override {
    if (thread_.joinable()) thread_.join();
  }
  std::size_t replied() const override { return replier_.replied(); }
  std::size_t failed() const override { return replier_.failed(); }
  std::size_t peak_in_flight() const override { return loop_.peak_limited(); }

 private:
  struct Forward {
    std::stop_source* to;
    void operator()() const { to->request_stop(); }
  };
  std::stop_source stop_;  // the loop's own: the caller's stop, or the end of these handlers
  std::stop_callback<Forward> forward_;
  bot::EventLoop loop_;
  bot::EventLoopReplier replier_;
  std::thread thread_;  // last: it runs the loop over the members above
};

}  // namespace

std::unique_ptr<UpdateHandlers> make_event_loop_handlers(const bot::EchoBotOptions& options, std::stop_token stop,
                                                         const bot::HandledObserver& on_handled) {
  return std::make_unique<EventLoopHandlers>(options, std::move(stop), on_handled);
}

}  // namespace tgperf::webhook
