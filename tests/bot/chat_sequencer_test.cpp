#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tgperf/bot/chat_sequencer.hpp"
#include "tgperf/bot/worker_pool.hpp"

using tgperf::bot::ChatSequencer;
using tgperf::bot::WorkerPool;

TEST_CASE("jobs of one chat run in submission order and never overlap") {
  constexpr int kChats = 8;
  constexpr int kPerChat = 200;
  WorkerPool pool(8);
  ChatSequencer sequencer(pool);
  std::mutex mutex;  // guards order
  std::map<std::int64_t, std::vector<int>> order;
  std::vector<std::atomic<int>> running(kChats);
  std::atomic<bool> overlapped{false};
  for (int i = 0; i < kPerChat; ++i) {
    for (int chat = 0; chat < kChats; ++chat) {
      sequencer.submit(chat, [&, chat, i] {
        if (running[chat].fetch_add(1) != 0) overlapped = true;
        std::this_thread::yield();
        {
          std::lock_guard lock(mutex);
          order[chat].push_back(i);
        }
        running[chat].fetch_sub(1);
      });
    }
  }
  pool.shutdown();
  CHECK_FALSE(overlapped);
  REQUIRE(order.size() == kChats);
  for (auto& [chat, seq] : order) {
    REQUIRE(seq.size() == kPerChat);
    for (int i = 0; i < kPerChat; ++i) REQUIRE(seq[i] == i);
  }
  CHECK(sequencer.active_chats() == 0);
}

TEST_CASE("different chats run concurrently") {
  WorkerPool pool(2);
  ChatSequencer sequencer(pool);
  std::latch both(2);  // completes only if chat 1 and chat 2 are inside their jobs at once
  std::atomic<int> done{0};
  sequencer.submit(1, [&] { both.arrive_and_wait(); ++done; });
  sequencer.submit(2, [&] { both.arrive_and_wait(); ++done; });
  pool.shutdown();
  CHECK(done == 2);
}

TEST_CASE("a failing job does not stop the chat's later jobs") {
  WorkerPool pool(1);
  ChatSequencer sequencer(pool);
  std::atomic<int> later{0};
  sequencer.submit(5, [] { throw std::runtime_error("boom"); });
  sequencer.submit(5, [&] { ++later; });
  pool.shutdown();
  CHECK(later == 1);
  CHECK(pool.failed_jobs() == 1);
}
