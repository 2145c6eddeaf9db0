#pragma once
// The asyncio-style model: one thread drives many concurrent Bot API requests on a curl multi
// handle and runs a completion callback for each, on that same thread — no locks in handlers,
// no thread per request.
//
// At most `max_inflight` limited transfers run at once; more wait in a FIFO queue. A transfer may
// be submitted as unlimited (a long poll, which must never wait behind replies). Timers run
// callbacks later on the loop thread (backoff, retry_after).
//
// Everything but stop requests and post() is loop-thread only: submit, schedule and cancel are
// called from callbacks (or before run()). post() is how another thread (a webhook receiver's)
// hands the loop work: the function runs on the loop thread at its next turn.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <unordered_map>
#include <vector>

#include "tgperf/botapi/request.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/http/easy.hpp"
#include "tgperf/http/multi.hpp"
#include "tgperf/http/response.hpp"
#include "tgperf/http/transport_options.hpp"

namespace tgperf::bot {

class EventLoop {
 public:
  using TransferId = std::uint64_t;
  // Called with the finished exchange; a cancelled transfer has curl_code http::curl_codes::kAbortedByCallback.
  using Completion = std::function<void(const http::Response&)>;

  EventLoop(std::size_t max_inflight, http::TransportOptions transport = {});
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  TransferId submit(botapi::EncodedRequest request, Completion done, bool limited = true);
  // Ends a queued or running transfer now; its completion runs (with curl_code kAbortedByCallback) before this returns.
  void cancel(TransferId id);
  // Ends every queued and running transfer now (each completion runs with curl_code kAbortedByCallback): for a
  // stop that abandons the requests in flight instead of waiting for them.
  void cancel_all();
  void schedule(Duration delay, std::function<void()> fn);
  // Thread-safe: queues `fn` to run on the loop thread and wakes the loop (curl_multi_wakeup), so
  // it runs at once rather than at the next socket event or timeout. Functions posted once the
  // loop is stopping may not run.
  void post(std::function<void()> fn);

  // Runs until `stop` is requested, then calls `on_stop` once (on the loop thread: cancel polls,
  // stop submitting), drops pending timers, finishes the transfers still queued or running, and
  // returns.
  void run(std::stop_token stop, const std::function<void()>& on_stop = nullptr);

  std::size_t running() const { return running_.size(); }
  std::size_t running_limited() const { return running_limited_; }
  std::size_t queued() const { return queue_.size(); }
  std::size_t max_inflight() const { return max_inflight_; }
  // The most limited transfers ever running at once (to check the limit in tests).
  std::size_t peak_limited() const { return peak_limited_; }

 private:
  struct Pending {
    TransferId id;
    botapi::EncodedRequest request;
    Completion done;
    bool limited;
  };
  struct Transfer {
    TransferId id = 0;
    http::Easy easy;
    Completion done;
    bool limited = true;
  };

  void start(Pending pending);
  void start_queued();
  void finish(CURL* handle, int curl_code);
  void run_due_timers();
  void run_posted();
  std::unique_ptr<Transfer> take_idle_transfer();

  std::size_t max_inflight_;
  http::TransportOptions transport_;
  http::Multi multi_;
  TransferId next_id_ = 1;
  std::deque<Pending> queue_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running_;
  // Finished Easy handles kept for reuse: their DNS and TLS session caches stay warm.
  std::vector<std::unique_ptr<Transfer>> idle_;
  std::size_t running_limited_ = 0;
  std::size_t peak_limited_ = 0;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> timers_;
  std::mutex posted_mutex_;  // guards posted_, the only state other threads touch
  std::vector<std::function<void()>> posted_;
};

}  // namespace tgperf::bot
