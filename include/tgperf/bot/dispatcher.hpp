#pragma once
// Routes each update to handlers, as python-telegram-bot's Dispatcher does.
//
// Handlers live in numbered groups, visited in ascending order; within a group the first handler
// whose filter matches runs and the others of that group are skipped. A handler that throws never
// stops dispatching: the exception goes to the error handlers (and is counted), and the next
// group and the next update are handled as usual.
//
// A handler registered with run_async runs on the WorkerPool instead of the dispatching thread, so
// one slow send_message does not make every other user wait (the wiki's lesson). With `ordered`,
// async handlers of one chat run one after another in update order (ChatSequencer), while
// different chats still run concurrently.
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "tgperf/bot/chat_sequencer.hpp"
#include "tgperf/bot/filters.hpp"
#include "tgperf/bot/worker_pool.hpp"

namespace tgperf::botapi {
struct Update;
}

namespace tgperf::bot {

using Handler = std::function<void(const botapi::Update&)>;
// Called with the update whose handler threw and the exception it threw.
using ErrorHandler = std::function<void(const botapi::Update&, std::exception_ptr)>;

struct HandlerOptions {
  int group = 0;
  bool run_async = false;  // needs a pool (constructor); otherwise std::logic_error at registration
};

struct DispatchCounters {
  std::size_t updates = 0;         // updates given to process()
  std::size_t handled = 0;         // handler runs that returned normally
  std::size_t failed = 0;          // handler runs that threw
  std::size_t unhandled = 0;       // updates no handler matched
  std::size_t error_handler_failures = 0;  // error handlers that threw in turn (swallowed)
};

class Dispatcher {
 public:
  // `pool` (optional) runs async handlers and must outlive the dispatcher and its queued work.
  // `ordered` keeps each chat's async handlers in update order.
  explicit Dispatcher(WorkerPool* pool = nullptr, bool ordered = false);
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Registration is meant to happen before dispatching starts; it is not synchronised with process().
  void add_handler(Filter filter, Handler handler, HandlerOptions options = {});
  void add_error_handler(ErrorHandler handler);

  // Hands one update to the handlers. Synchronous handlers have run when this returns; async ones
  // are queued. Never throws because of a handler.
  void process(const botapi::Update& update);

  // The pool's run_async, for handlers that want to push part of their work off (the wiki's
  // log_and_notify). Requires a pool.
  WorkerPool& pool();

  // The wiki's `context.dispatcher.run_async(fn, args...)`: queues fn(args...) on the pool and
  // returns at once with a std::future of its result (the wiki's Promise). Callable from a
  // synchronous handler and from a handler or task already running on a worker: submission never
  // waits for a free worker, so the nested example that deadlocked python-telegram-bot < 4.3 runs.
  // A task must not wait on a future of work queued behind it when every worker may be waiting
  // the same way (with 1 worker, waiting inside a task for a nested task never ends).
  template <class Fn, class... Args>
  auto run_async(Fn&& fn, Args&&... args) {
    return pool().run_async(std::forward<Fn>(fn), std::forward<Args>(args)...);
  }

  DispatchCounters counters() const;

 private:
  struct Entry {
    Filter filter;
    Handler handler;
    bool run_async;
  };
  void run_handler(const Entry& entry, const std::shared_ptr<const botapi::Update>& update);
  void report_error(const botapi::Update& update, std::exception_ptr error);

  WorkerPool* pool_;
  std::unique_ptr<ChatSequencer> sequencer_;  // only when ordered
  std::map<int, std::vector<Entry>> groups_;
  std::vector<ErrorHandler> error_handlers_;
  // Counters are touched by the dispatching thread and by workers running async handlers.
  std::atomic<std::size_t> updates_{0}, handled_{0}, failed_{0}, unhandled_{0}, error_failures_{0};
};

}  // namespace tgperf::bot
