#include "tgperf/bot/event_loop.hpp"

#include "tgperf/http/curl_codes.hpp"

#include <algorithm>

namespace tgperf::bot {

namespace {

constexpr int kCurlAbortedByCallback = http::curl_codes::kAbortedByCallback;
constexpr auto kIdlePoll = std::chrono::milliseconds(100);

}  // namespace

EventLoop::EventLoop(std::size_t max_inflight, http::TransportOptions transport)
    : max_inflight_(std::max<std::size_t>(max_inflight, 1)), transport_(std::move(transport)) {
  // A connection for every slot and one for the long poll stays open between bursts: replies come
  // in bursts (a poll's batch, the deliveries of one round trip), and with libcurl's default cache
  // the lull between two closes the connections the next burst then opens again.
  multi_.set_max_cached_connections(static_cast<long>(max_inflight_ + 1));
}

EventLoop::~EventLoop() {
  for (auto& [handle, transfer] : running_) multi_.remove(transfer->easy);
}

EventLoop::TransferId EventLoop::submit(botapi::EncodedRequest request, Completion done, bool limited) {
  const TransferId id = next_id_++;
  Pending pending{id, std::move(request), std::move(done), limited};
  if (!limited || running_limited_ < max_inflight_) {
    start(std::move(pending));
  } else {
    queue_.push_back(std::move(pending));
  }
  return id;
}

std::unique_ptr<EventLoop::Transfer> EventLoop::take_idle_transfer() {
  if (idle_.empty()) return std::make_unique<Transfer>();
  auto transfer = std::move(idle_.back());
  idle_.pop_back();
  return transfer;
}

void EventLoop::start(Pending pending) {
  auto transfer = take_idle_transfer();
  transfer->id = pending.id;
  transfer->done = std::move(pending.done);
  transfer->limited = pending.limited;
  transfer->easy.reset();
  botapi::configure(transfer->easy, pending.request, transport_);
  multi_.add(transfer->easy);
  if (transfer->limited) {
    ++running_limited_;
    peak_limited_ = std::max(peak_limited_, running_limited_);
  }
  const bool urgent = !transfer->limited;
  CURL* handle = transfer->easy.get();
  running_.emplace(handle, std::move(transfer));
  // An unlimited transfer (the long poll) goes on the wire now, not after the completions and
  // submissions that follow it in this turn of the loop: a poll is submitted just before the
  // batch's hundred replies are set up, and each millisecond it waits lengthens every batch cycle.
  if (urgent) multi_.perform();
}

void EventLoop::start_queued() {
  while (!queue_.empty() && running_limited_ < max_inflight_) {
    auto pending = std::move(queue_.front());
    queue_.pop_front();
    start(std::move(pending));
  }
}

void EventLoop::finish(CURL* handle, int curl_code) {
  auto it = running_.find(handle);
  if (it == running_.end()) return;
  auto transfer = std::move(it->second);
  running_.erase(it);
  multi_.remove(transfer->easy);
  if (transfer->limited) --running_limited_;
  const http::Response response = transfer->easy.collect(curl_code);
  auto done = std::move(transfer->done);
  transfer->done = nullptr;
  idle_.push_back(std::move(transfer));
  start_queued();  // a slot is free: fill it before the callback adds more
  if (done) done(response);
}

void EventLoop::cancel(TransferId id) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->id == id) {
      auto done = std::move(it->done);
      queue_.erase(it);
      http::Response response;
      response.curl_code = kCurlAbortedByCallback;
      response.error = "cancelled";
      if (done) done(response);
      return;
    }
  }
  for (auto& [handle, transfer] : running_) {
    if (transfer->id == id) {
      finish(handle, kCurlAbortedByCallback);
      return;
    }
  }
}

void EventLoop::cancel_all() {
  // Queued ones first, so that finishing a running transfer does not start them. A completion
  // may submit more (it should not while stopping); the loop ends only when nothing is left.
  while (!queue_.empty() || !running_.empty()) {
    cancel(!queue_.empty() ? queue_.front().id : running_.begin()->second->id);
  }
}

void EventLoop::schedule(Duration delay, std::function<void()> fn) {
  timers_.emplace(std::chrono::steady_clock::now() + delay, std::move(fn));
}

void EventLoop::post(std::function<void()> fn) {
  bool first;
  {
    std::lock_guard lock(posted_mutex_);
    first = posted_.empty();
    posted_.push_back(std::move(fn));
  }
  // One wakeup per batch: a function queued behind others is run by the turn already woken for
  // them (the loop takes the whole queue at once), so a burst of deliveries costs one wakeup.
  if (first) multi_.wakeup();
}

void EventLoop::run_posted() {
  // Taken out under the lock and run without it: a posted function may post again, and the
  // posting thread never waits for a callback to finish.
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(posted_mutex_);
    batch.swap(posted_);
  }
  for (auto& fn : batch) fn();
}

void EventLoop::run_due_timers() {
  const auto now = std::chrono::steady_clock::now();
  while (!timers_.empty() && timers_.begin()->first <= now) {
    auto fn = std::move(timers_.begin()->second);
    timers_.erase(timers_.begin());
    fn();
  }
}

void EventLoop::run(std::stop_token stop, const std::function<void()>& on_stop) {
  // A stop request from another thread wakes the poll at once instead of at the next timeout.
  std::stop_callback wake(stop, [this] { multi_.wakeup(); });
  bool stopping = false;
  for (;;) {
    if (!stopping && stop.stop_requested()) {
      stopping = true;
      if (on_stop) on_stop();
      timers_.clear();
    }
    if (stopping && running_.empty() && queue_.empty()) return;

    // Before perform: the sends a posted hand-over submits go on the wire in this turn.
    if (!stopping) run_posted();
    multi_.perform();
    // Unlimited transfers (the long poll) first: when a batch of replies completes together with
    // the poll, the next poll goes out before a hundred reply callbacks run, not after them.
    // Partition before finishing anything: a finished handle is recycled for the next request at
    // once, so it must not be looked up again.
    auto done = multi_.take_done();
    std::stable_partition(done.begin(), done.end(), [this](const http::Multi::Done& d) {
      const auto it = running_.find(d.handle);
      return it != running_.end() && !it->second->limited;
    });
    for (const auto& d : done) finish(d.handle, d.curl_code);
    if (!stopping) run_due_timers();

    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(kIdlePoll);
    if (!timers_.empty() && !stopping) {
      const auto until = timers_.begin()->first - std::chrono::steady_clock::now();
      timeout = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(until),
                           std::chrono::milliseconds(0), timeout);
    }
    multi_.poll(timeout);
  }
}

}  // namespace tgperf::bot
