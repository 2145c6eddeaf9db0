#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tgperf/bot/worker_pool.hpp"

using tgperf::bot::WorkerPool;
using namespace std::chrono_literals;

namespace {
// Generous: only reached when the behaviour under test is broken (a deadlock), never a speed check.
constexpr auto kPoolHang = 20s;
}  // namespace

TEST_CASE("run_async returns the task's result through a future") {
  WorkerPool pool(2);
  auto future = pool.run_async([](int a, std::string b) { return b + std::to_string(a); }, 42,
                               std::string("answer="));
  REQUIRE(future.wait_for(kPoolHang) == std::future_status::ready);
  CHECK(future.get() == "answer=42");
}

TEST_CASE("an exception thrown by a task is carried in its future, and the pool keeps working") {
  WorkerPool pool(1);
  auto failing = pool.run_async([]() -> int { throw std::runtime_error("handler failed"); });
  auto next = pool.run_async([] { return 7; });
  REQUIRE(failing.wait_for(kPoolHang) == std::future_status::ready);
  CHECK_THROWS_WITH(failing.get(), "handler failed");
  REQUIRE(next.wait_for(kPoolHang) == std::future_status::ready);
  CHECK(next.get() == 7);
}

TEST_CASE("the wiki's nested run_async (parent -> two children -> grandchild) completes with 2 workers") {
  WorkerPool pool(2);
  std::atomic<int> grandchildren{0};
  auto grandchild = [&grandchildren] { ++grandchildren; };
  auto child = [&pool, grandchild] { return pool.run_async(grandchild); };
  // The parent holds one worker while it submits; the first child holds the other while it
  // submits the grandchild: a pool that blocked callers when full would deadlock right here.
  auto parent = pool.run_async([&pool, child] {
    std::vector<std::future<std::future<void>>> children;
    children.push_back(pool.run_async(child));
    children.push_back(pool.run_async(child));
    return children;
  });
  REQUIRE(parent.wait_for(kPoolHang) == std::future_status::ready);
  for (auto& c : parent.get()) {
    REQUIRE(c.wait_for(kPoolHang) == std::future_status::ready);
    auto g = c.get();
    REQUIRE(g.wait_for(kPoolHang) == std::future_status::ready);
    g.get();
  }
  CHECK(grandchildren == 2);
}

TEST_CASE("submitting never blocks the caller even when every worker is busy") {
  WorkerPool pool(2);
  std::latch release(1);
  std::latch both_running(2);
  std::vector<std::future<void>> blockers;
  for (int i = 0; i < 2; ++i) {
    blockers.push_back(pool.run_async([&] {
      both_running.count_down();
      release.wait();
    }));
  }
  both_running.wait();  // both workers are now occupied
  std::vector<std::future<int>> queued;
  for (int i = 0; i < 100; ++i) queued.push_back(pool.run_async([i] { return i; }));
  // We got here while both workers were still blocked: submission did not wait for a free worker.
  CHECK(pool.busy() == 2);
  CHECK(pool.queued() == 100);
  release.count_down();
  int sum = 0;
  for (auto& f : queued) {
    REQUIRE(f.wait_for(kPoolHang) == std::future_status::ready);
    sum += f.get();
  }
  CHECK(sum == 99 * 100 / 2);
}

TEST_CASE("work runs on as many threads as the pool has workers") {
  constexpr int kWorkers = 4;
  WorkerPool pool(kWorkers);
  std::latch all_in(kWorkers);  // completes only if kWorkers tasks run at the same time
  std::vector<std::future<std::thread::id>> ids;
  for (int i = 0; i < kWorkers; ++i) {
    ids.push_back(pool.run_async([&all_in] {
      all_in.arrive_and_wait();
      return std::this_thread::get_id();
    }));
  }
  std::vector<std::thread::id> seen;
  for (auto& f : ids) {
    REQUIRE(f.wait_for(kPoolHang) == std::future_status::ready);
    seen.push_back(f.get());
  }
  std::sort(seen.begin(), seen.end());
  CHECK(std::unique(seen.begin(), seen.end()) == seen.end());
  CHECK(std::find(seen.begin(), seen.end(), std::this_thread::get_id()) == seen.end());
}

TEST_CASE("shutdown finishes queued work, including work submitted by running tasks, then joins") {
  std::atomic<int> done{0};
  WorkerPool pool(2);
  for (int i = 0; i < 50; ++i) {
    pool.post([&pool, &done] {
      std::this_thread::yield();
      pool.post([&done] { ++done; });  // follow-up work submitted while shutting down
      ++done;
    });
  }
  pool.shutdown();
  CHECK(done == 100);
  CHECK(pool.queued() == 0);
  CHECK_THROWS_AS(pool.run_async([] {}), tgperf::bot::PoolStopped);
  pool.shutdown();  // idempotent
}

TEST_CASE("a pool with no workers is refused") {
  CHECK_THROWS_AS(WorkerPool(0), std::invalid_argument);
}

TEST_CASE("drop_queued discards the jobs not started yet and leaves the running one alone") {
  WorkerPool pool(1);
  std::latch started(1), release(1);
  std::atomic<int> ran{0};
  pool.post([&] {
    started.count_down();
    release.wait();
    ++ran;
  });
  started.wait();  // the only worker is busy: everything below queues
  auto dropped_future = pool.run_async([] { return 1; });
  for (int i = 0; i < 5; ++i) pool.post([&ran] { ran += 100; });
  CHECK(pool.drop_queued() == 6);
  CHECK(pool.queued() == 0);
  release.count_down();
  pool.shutdown();
  CHECK(ran == 1);  // the running job finished; none of the dropped ones ran
  REQUIRE(dropped_future.wait_for(kPoolHang) == std::future_status::ready);
  CHECK_THROWS_AS(dropped_future.get(), std::future_error);
}
