#pragma once
// A pool of reusable objects handed out one per user at a time — here, keep-alive API clients for
// the worker threads: a worker leases a client (and with it a warm connection) for one handler
// and gives it back. The pool creates a new object only when every existing one is leased, so it
// never holds more than the peak concurrency.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace tgperf::bot {

template <class T>
class LeasePool {
 public:
  using Factory = std::function<std::unique_ptr<T>()>;

  class Lease {
   public:
    Lease(LeasePool& pool, std::unique_ptr<T> object) : pool_(&pool), object_(std::move(object)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (object_) pool_->give_back(std::move(object_));
    }
    T& operator*() const { return *object_; }
    T* operator->() const { return object_.get(); }

   private:
    LeasePool* pool_;
    std::unique_ptr<T> object_;
  };

  explicit LeasePool(Factory factory) : factory_(std::move(factory)) {}

  // An idle object, or a new one from the factory (outside the lock) when none is idle.
  Lease acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto object = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(object));
      }
      ++created_;
    }
    return Lease(*this, factory_());
  }

  std::size_t created() const {
    std::lock_guard lock(mutex_);
    return created_;
  }

 private:
  void give_back(std::unique_ptr<T> object) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(object));
  }

  Factory factory_;
  mutable std::mutex mutex_;  // guards idle_ and created_
  std::vector<std::unique_ptr<T>> idle_;
  std::size_t created_ = 0;
};

}  // namespace tgperf::bot
