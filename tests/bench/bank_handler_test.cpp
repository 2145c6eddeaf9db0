// The three shapes of the wiki's /transaction handler over the account store, without a network:
// what each guarantees when run the way race-bench runs it.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/make_update.hpp"
#include "tgperf/bench/bank_handler.hpp"
#include "tgperf/bot/worker_pool.hpp"

using namespace tgperf::bench;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kFirstChat = 500;

Transfer transfer_of(const Transaction& t, std::uint64_t id) {
  return Transfer{id, kFirstChat + static_cast<std::int64_t>(t.source), t.source, t.target, t.amount};
}

// Notifications as the customers would get them, with a little I/O time so handlers overlap.
struct RecordingNotifier {
  std::mutex mutex;
  std::map<std::uint64_t, std::vector<NotificationStage>> by_transfer;
  LogAndNotify log_and_notify() {
    return [this](const Transfer& t, NotificationStage stage) {
      std::this_thread::sleep_for(200us);
      std::lock_guard lock(mutex);
      by_transfer[t.id].push_back(stage);
    };
  }
};

}  // namespace

TEST_CASE("parse_transfer: the source is the sender's chat, the target and amount come from the command") {
  using tgperf::bot::testing::make_update;
  const auto t = parse_transfer(make_update(9, kFirstChat + 2, "/transaction 40 0 tgperf#3"), kFirstChat, 3);
  REQUIRE(t);
  CHECK(t->id == 9);
  CHECK(t->chat_id == kFirstChat + 2);
  CHECK(t->source == 2);
  CHECK(t->target == 0);
  CHECK(t->amount == 40);
  CHECK_FALSE(parse_transfer(make_update(9, kFirstChat + 2, "/transaction 40 2"), kFirstChat, 3));  // to itself
  CHECK_FALSE(parse_transfer(make_update(9, kFirstChat + 3, "/transaction 40 0"), kFirstChat, 3));  // no such customer
  CHECK_FALSE(parse_transfer(make_update(9, kFirstChat - 1, "/transaction 40 0"), kFirstChat, 3));
}

TEST_CASE("locked transfers on 8 workers conserve money and lose no update, over 10 seeds") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    const std::size_t accounts = 3;
    const auto stream = generate_transactions(seed, accounts, 60);
    AccountStore bank(accounts, 1000, 100us);
    AccountLocks locks(accounts);
    RecordingNotifier notifier;
    const auto notify = notifier.log_and_notify();
    {
      tgperf::bot::WorkerPool pool(8);
      for (std::size_t i = 0; i < stream.size(); ++i) {
        pool.post([&, i] { transfer_locked(bank, locks, transfer_of(stream[i], i + 1), notify); });
      }
      pool.shutdown();
    }
    CHECK(bank.total() == 3000);
    CHECK(count_lost_updates(bank.commit_log()) == 0);
    CHECK(bank.balances() == serial_balances(std::vector<Money>(accounts, 1000), stream));
    for (const auto& [id, stages] : notifier.by_transfer) {
      CHECK(stages == std::vector<NotificationStage>{NotificationStage::preparing, NotificationStage::transferring,
                                                     NotificationStage::done});
    }
    CHECK(notifier.by_transfer.size() == stream.size());
  }
}

TEST_CASE("split transfers from the dispatcher thread conserve money and every notification still goes out") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    const std::size_t accounts = 3;
    const auto stream = generate_transactions(seed, accounts, 40);
    AccountStore bank(accounts, 1000, 50us);
    RecordingNotifier notifier;
    const auto notify = notifier.log_and_notify();
    tgperf::bot::WorkerPool pool(8);
    tgperf::bot::Dispatcher dispatcher(&pool);
    for (std::size_t i = 0; i < stream.size(); ++i) transfer_split(dispatcher, bank, transfer_of(stream[i], i + 1), notify);
    // The store work is done when transfer_split returns; only notifications may still be queued.
    CHECK(bank.balances() == serial_balances(std::vector<Money>(accounts, 1000), stream));
    CHECK(count_lost_updates(bank.commit_log()) == 0);
    pool.shutdown();
    REQUIRE(notifier.by_transfer.size() == stream.size());
    for (const auto& [id, stages] : notifier.by_transfer) CHECK(stages.size() == 3);
  }
}
