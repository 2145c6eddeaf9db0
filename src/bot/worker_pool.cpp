#include "tgperf/bot/worker_pool.hpp"

namespace tgperf::bot {

WorkerPool::WorkerPool(std::size_t workers) {
  if (workers == 0) throw std::invalid_argument("a worker pool needs at least one worker");
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) throw PoolStopped();
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  std::lock_guard lock(mutex_);
  stopped_ = true;
}

std::size_t WorkerPool::drop_queued() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(queue_);
  }
  wake_.notify_all();  // an idle worker waiting for shutdown may now see an empty queue
  return dropped.size();  // destroyed here, outside the lock: a job's captures may take locks
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

std::size_t WorkerPool::failed_jobs() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void WorkerPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // A worker leaves only when nothing is queued and nobody is running: a running job may still
    // submit follow-up work (the nested run_async case), which must not be lost at shutdown.
    wake_.wait(lock, [this] { return !queue_.empty() || (stopping_ && busy_ == 0); });
    if (queue_.empty()) {
      wake_.notify_all();  // let the other idle workers see the same exit condition
      return;
    }
    auto job = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    bool failed = false;
    try {
      job();
    } catch (...) {
      failed = true;  // run_async jobs never get here: packaged_task stores the exception
    }
    job = nullptr;  // destroy captured state outside the lock
    lock.lock();
    --busy_;
    if (failed) ++failed_;
    if (stopping_ && busy_ == 0 && queue_.empty()) wake_.notify_all();
  }
}

}  // namespace tgperf::bot
