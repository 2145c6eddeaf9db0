#pragma once
// --max-concurrent-probes: at most N probes run at once. A request beyond that waits for a slot,
// but only until its scrape deadline; then it gets 503 (Prometheus records the scrape as failed,
// up == 0), instead of piling up threads and sockets without bound.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>

namespace tgperf::exporter {

class ProbeSlots {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ProbeSlots(std::size_t limit) : limit_(limit) {}

  // Held while a probe runs; releases its slot when destroyed.
  class Slot {
   public:
    explicit Slot(ProbeSlots* owner) : owner_(owner) {}
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->release();
    }

   private:
    ProbeSlots* owner_;
  };

  // A slot, or nothing when none became free before `deadline` or the slots were closed.
  std::optional<Slot> acquire_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_until(lock, deadline, [this] { return closed_ || running_ < limit_; }) || closed_) return std::nullopt;
    ++running_;
    high_water_ = std::max(high_water_, running_);
    return Slot(this);
  }

  // Wakes every waiter empty-handed and refuses later requests: the exporter is stopping, and a
  // request waiting for a slot must not hold the shutdown up until its scrape deadline.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    freed_.notify_all();
  }

  std::size_t limit() const { return limit_; }
  std::size_t running() const {
    std::lock_guard lock(mutex_);
    return running_;
  }
  // The most probes that ever ran at once: the load test's evidence that the limit held.
  std::size_t high_water() const {
    std::lock_guard lock(mutex_);
    return high_water_;
  }

 private:
  void release() {
    {
      std::lock_guard lock(mutex_);
      --running_;
    }
    freed_.notify_one();
  }

  const std::size_t limit_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t running_ = 0;
  std::size_t high_water_ = 0;
  bool closed_ = false;
};

}  // namespace tgperf::exporter
