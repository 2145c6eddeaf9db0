#include <catch2/catch.hpp>

#include <atomic>
#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include "tgperf/bot/lease_pool.hpp"

using tgperf::bot::LeasePool;

TEST_CASE("a lease pool reuses returned objects and creates only up to the peak concurrency") {
  std::atomic<int> made{0};
  LeasePool<int> pool([&made] { return std::make_unique<int>(++made); });
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    CHECK(*a != *b);  // two users at once never share an object
  }
  {
    auto c = pool.acquire();
    CHECK((*c == 1 || *c == 2));  // reused, not new
  }
  CHECK(pool.created() == 2);
}

TEST_CASE("concurrent leases never hand one object to two threads") {
  LeasePool<std::atomic<int>> pool([] { return std::make_unique<std::atomic<int>>(0); });
  std::atomic<bool> shared{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto lease = pool.acquire();
        if (lease->fetch_add(1) != 0) shared = true;
        std::this_thread::yield();
        lease->fetch_sub(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK_FALSE(shared);
  CHECK(pool.created() <= 8);
}
