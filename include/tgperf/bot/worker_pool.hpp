#pragma once
// A fixed set of worker threads that run handlers and helpers off the dispatching thread — the
// C++ counterpart of python-telegram-bot's `run_async` and its `workers=N`.
//
// Submitting never blocks: the queue is unbounded, so a task may submit more tasks (the wiki's
// parent -> two children -> grandchild example with 2 workers completes; PTB >= 4.3 behaves the
// same). The result or the exception of every task travels back in a std::future.
// Shutdown is explicit: shutdown() lets queued work (and work that queued work submits) finish,
// then joins every thread. The destructor calls it. To stop now instead, drop_queued() first.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tgperf::bot {

// Thrown by run_async once the pool has stopped (after shutdown() returned).
class PoolStopped : public std::logic_error {
 public:
  PoolStopped() : std::logic_error("worker pool is stopped") {}
};

class WorkerPool {
 public:
  // Starts `workers` threads (at least 1; 0 is a usage error of the caller: std::invalid_argument).
  explicit WorkerPool(std::size_t workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues fn(args...) and returns immediately with a future of its result. Arguments are copied or
  // moved into the task (decay-copied, like std::thread), never referenced.
  template <class Fn, class... Args>
  auto run_async(Fn&& fn, Args&&... args)
      -> std::future<std::invoke_result_t<std::decay_t<Fn>, std::decay_t<Args>...>> {
    using Result = std::invoke_result_t<std::decay_t<Fn>, std::decay_t<Args>...>;
    auto task = std::make_shared<std::packaged_task<Result()>>(
        [fn = std::forward<Fn>(fn), tuple = std::make_tuple(std::forward<Args>(args)...)]() mutable {
          return std::apply(std::move(fn), std::move(tuple));
        });
    auto future = task->get_future();
    post([task] { (*task)(); });
    return future;
  }

  // Queues a fire-and-forget job; exceptions escaping it are counted (failed_jobs) and dropped.
  // Prefer run_async when someone wants the outcome.
  void post(std::function<void()> job);

  // Discards the jobs queued but not started (a stopping program does not want them run) and
  // returns how many; running jobs are not touched. A dropped run_async job's future reports
  // std::future_errc::broken_promise.
  std::size_t drop_queued();

  // Stops accepting work from outside once the queue has drained, then joins all threads.
  // Idempotent. Must not be called from a worker thread (it would wait for itself).
  void shutdown();

  std::size_t size() const { return threads_.size(); }
  // Jobs queued but not started, and jobs running right now (a snapshot, for progress and tests).
  std::size_t queued() const;
  std::size_t busy() const;
  std::size_t failed_jobs() const;

 private:
  void work();

  mutable std::mutex mutex_;  // guards queue_, busy_, stopping_, stopped_, failed_
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t busy_ = 0;
  std::size_t failed_ = 0;
  bool stopping_ = false;  // shutdown() called: workers exit once the queue is empty and all idle
  bool stopped_ = false;   // every worker joined: run_async throws PoolStopped
  std::vector<std::thread> threads_;
};

}  // namespace tgperf::bot
