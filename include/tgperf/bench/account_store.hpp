#pragma once
// The bank's database, in process: accounts with balances, a simulated I/O delay on every read and
// write (--db-latency), and a commit log of everything it did.
//
// Each operation is atomic on its own (one mutex, taken after the delay), so concurrent handlers
// never make a C++ data race: what goes wrong is the logical read-modify-write race of the wiki,
// a balance read, changed in a local copy and written back over someone else's write.
// The delay is spent outside the lock, like a round trip to a database server: concurrent
// operations overlap their waits.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "tgperf/bench/commit_log.hpp"
#include "tgperf/bench/transaction_stream.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::bench {

// The wiki's "Python object" read from the database: a copy, changed locally, written back whole.
struct Account {
  std::size_t id = 0;
  Money balance = 0;
};

class AccountStore {
 public:
  AccountStore(std::size_t accounts, Money opening_balance, Duration io_delay);
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  // bank.read_account / bank.write_account, on behalf of `transaction` (for the commit log).
  Account read(std::size_t id, std::uint64_t transaction);
  void write(const Account& account, std::uint64_t transaction);

  std::size_t size() const { return size_; }
  std::vector<Money> balances() const;  // a snapshot, no delay
  Money total() const;
  std::vector<StoreOp> commit_log() const { return log_.snapshot(); }

 private:
  void wait_for_io() const;

  const std::size_t size_;
  const Duration io_delay_;
  mutable std::mutex mutex_;  // guards balances_ and orders log_ with them
  std::vector<Money> balances_;
  CommitLog log_;
};

}  // namespace tgperf::bench
