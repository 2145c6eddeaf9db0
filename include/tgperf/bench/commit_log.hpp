#pragma once
// The account store's commit log, and its replay: how many account writes overwrote another
// transaction's write (lost updates).
//
// Every read and write the store performs is appended in the order the store performed it (the
// store appends under the same lock that makes the operation atomic). Replaying the log tells
// which write clobbered an account that changed after its transaction read it: in the wiki's
// example, thread BA writes Account A after thread AB wrote it, from a balance read before that,
// so AB's -$10 is lost; AB then writes Account B over BA's write: two lost updates.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

#include "tgperf/bench/transaction_stream.hpp"

namespace tgperf::bench {

struct StoreOp {
  enum class Kind { read, write };
  Kind kind = Kind::read;
  std::uint64_t transaction = 0;  // who performed it (the update id of its /transaction)
  std::size_t account = 0;
  Money balance = 0;              // the balance read, or the balance written
};

class CommitLog {
 public:
  void append(const StoreOp& op);
  std::vector<StoreOp> snapshot() const;

 private:
  mutable std::mutex mutex_;  // guards ops_
  std::vector<StoreOp> ops_;
};

// Writes that overwrote a write their transaction never saw: the account had been written by
// someone else since this transaction last read (or wrote) it. A write without an earlier read by
// its transaction counts when anyone wrote the account before.
std::size_t count_lost_updates(std::span<const StoreOp> log);

// Transactions that wrote at least one account (their writes are in the store), in log order of
// their first write.
std::vector<std::uint64_t> committed_transactions(std::span<const StoreOp> log);

}  // namespace tgperf::bench
