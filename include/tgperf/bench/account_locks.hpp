#pragma once
// One mutex per account, for the `locked` variant: a transfer holds both its accounts from the first
// read to the last write, what a database transaction with row locks gives. Both are always taken
// lower account id first, so two transfers A->B and B->A can never each hold one and wait for the
// other (no deadlock).
#include <cstddef>
#include <memory>
#include <mutex>

namespace tgperf::bench {

class AccountLocks {
 public:
  explicit AccountLocks(std::size_t accounts) : mutexes_(std::make_unique<std::mutex[]>(accounts)) {}

  // Holds the locks of two different accounts for its lifetime.
  class PairGuard {
   public:
    PairGuard(AccountLocks& locks, std::size_t a, std::size_t b)
        : first_(locks.mutexes_[a < b ? a : b]), second_(locks.mutexes_[a < b ? b : a]) {}

   private:
    std::lock_guard<std::mutex> first_;
    std::lock_guard<std::mutex> second_;
  };

  PairGuard lock_pair(std::size_t a, std::size_t b) { return PairGuard(*this, a, b); }

 private:
  std::unique_ptr<std::mutex[]> mutexes_;
};

}  // namespace tgperf::bench
