// The commit-log replay that counts lost updates, on hand-made interleavings.
#include <catch2/catch.hpp>

#include <vector>

#include "tgperf/bench/commit_log.hpp"

using namespace tgperf::bench;

namespace {
StoreOp read(std::uint64_t tx, std::size_t account, Money balance) {
  return {StoreOp::Kind::read, tx, account, balance};
}
StoreOp write(std::uint64_t tx, std::size_t account, Money balance) {
  return {StoreOp::Kind::write, tx, account, balance};
}
constexpr std::size_t A = 0, B = 1;
constexpr std::uint64_t AB = 1, BA = 2;  // the wiki's Transaction AB ($10) and Transaction BA ($100)
}  // namespace

TEST_CASE("replay: the wiki's interleaving of AB ($10) and BA ($100) has 2 lost updates") {
  // Both threads read A=0 and B=0; AB writes A, BA writes B and then A, AB resumes and writes B.
  const std::vector<StoreOp> log{
      read(AB, A, 0),    read(AB, B, 0),    read(BA, B, 0),  read(BA, A, 0),
      write(AB, A, -10),                                       // AB: source A -10
      write(BA, B, -100), write(BA, A, 100),                   // BA overwrites AB's A (lost)
      write(AB, B, 10),                                        // AB overwrites BA's B (lost)
  };
  CHECK(count_lost_updates(log) == 2);
  // What the wiki says the customers end up with: A at +$100, B at +$10.
  CHECK(log[6].balance == 100);
  CHECK(log[7].balance == 10);
}

TEST_CASE("replay: the same two transfers one after another lose nothing") {
  const std::vector<StoreOp> log{
      read(AB, A, 0),   read(AB, B, 0),    write(AB, A, -10), write(AB, B, 10),
      read(BA, B, 10),  read(BA, A, -10),  write(BA, B, -90), write(BA, A, 90),
  };
  CHECK(count_lost_updates(log) == 0);
}

TEST_CASE("replay: a stale read overwrites exactly one write, a read after it is fresh again") {
  const std::uint64_t t1 = 1, t2 = 2, t3 = 3;
  const std::vector<StoreOp> log{
      read(t1, A, 5), read(t2, A, 5),
      write(t1, A, 6),  // fresh
      write(t2, A, 7),  // t2 read before t1's write: lost
      read(t3, A, 7),
      write(t3, A, 8),  // fresh
      write(t3, A, 9),  // its own earlier write is not someone else's: fresh
  };
  CHECK(count_lost_updates(log) == 1);
}

TEST_CASE("replay: a blind write counts only when the account was written before") {
  CHECK(count_lost_updates(std::vector<StoreOp>{write(1, A, 3)}) == 0);
  CHECK(count_lost_updates(std::vector<StoreOp>{write(1, A, 3), write(2, A, 4)}) == 1);
}

TEST_CASE("committed transactions are those with a write, in order of their first write") {
  const std::vector<StoreOp> log{read(5, A, 0), read(7, B, 0), write(7, B, 1), write(5, A, 2), write(7, A, 3)};
  CHECK(committed_transactions(log) == std::vector<std::uint64_t>{7, 5});
}
