#pragma once
// What the webhook echo bot hands its updates to, one per dispatch mode: the blocking Dispatcher
// (sync on the receiver's connection thread, threaded on a worker pool) or the curl EventLoop
// (async: one thread, at most --inflight sends in flight). The webhook around them (setWebhook,
// the receiver, deleteWebhook) is the same for all three (webhook_echo_bot.cpp).
#include <cstddef>
#include <memory>
#include <stop_token>

#include "tgperf/bot/echo_bot.hpp"
#include "tgperf/botapi/types.hpp"
#include "tgperf/webhook/receiver.hpp"

namespace tgperf::webhook {

class UpdateHandlers {
 public:
  virtual ~UpdateHandlers() = default;

  // The receiver whose threads suit these handlers: one that may block, or one that must not.
  virtual ReceiverServer server() const = 0;
  // One accepted update, called on the receiver's thread once its 200 is written.
  virtual void take(const botapi::Update& update) = 0;
  // The stop came: the replies not started are dropped, those in flight abandoned (counted neither
  // as replied nor as failed).
  virtual void abandon() = 0;
  // After the receiver stopped: joins the handlers' threads.
  virtual void finish() = 0;
  // Once finished.
  virtual std::size_t replied() const = 0;
  virtual std::size_t failed() const = 0;
  // The most replies ever in flight at once, where a limit holds them (async); 0 otherwise.
  virtual std::size_t peak_in_flight() const { return 0; }
};

// sync or threaded, as options.mode says. `stop` abandons a reply under way.
std::unique_ptr<UpdateHandlers> make_blocking_handlers(const bot::EchoBotOptions& options, std::stop_token stop,
                                                       const bot::HandledObserver& on_handled);
// async: an EventLoop on a thread of its own, stopped by `stop`.
std::unique_ptr<UpdateHandlers> make_event_loop_handlers(const bot::EchoBotOptions& options, std::stop_token stop,
                                                         const bot::HandledObserver& on_handled);

}  // namespace tgperf::webhook
