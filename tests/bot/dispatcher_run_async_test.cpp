// Dispatcher::run_async, the wiki's `context.dispatcher.run_async(...)` called from inside a handler.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <algorithm>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bot/make_update.hpp"
#include "tgperf/bot/dispatcher.hpp"
#include "tgperf/bot/update_fields.hpp"

using namespace tgperf::bot;
using tgperf::bot::testing::make_update;
using tgperf::botapi::Update;
using namespace std::chrono_literals;

namespace {
// Generous: reached only when the behaviour under test is broken (a deadlock), never a speed check.
constexpr auto kHang = 20s;

HandlerOptions async_handler() {
  HandlerOptions options;
  options.run_async = true;
  return options;
}
}  // namespace

TEST_CASE("a synchronous handler gets the result of its run_async through a future (the wiki's Promise)") {
  WorkerPool pool(2);
  Dispatcher dispatcher(&pool);
  std::promise<std::future<std::string>> handed_out;
  dispatcher.add_handler(filters::text(), [&](const Update& update) {
    const auto chat = chat_id_of(update).value_or(0);
    // The handler returns right away; the notification runs on a worker.
    handed_out.set_value(dispatcher.run_async(
        [](std::int64_t chat_id, std::string text) { return std::to_string(chat_id) + ":" + text; }, chat,
        std::string(text_of(update))));
  });
  dispatcher.process(make_update(1, 42, "Done!"));
  auto promise = handed_out.get_future().get();
  REQUIRE(promise.wait_for(kHang) == std::future_status::ready);
  CHECK(promise.get() == "42:Done!");
  CHECK(dispatcher.counters().handled == 1);
}

TEST_CASE("the wiki's nested run_async from inside an async handler completes with 2 workers") {
  // The wiki's parent -> child, child -> grandchild, with the parent started by an async handler:
  // with 2 workers the handler holds one and the parent the other, so every further submission
  // happens while all workers are busy. PTB < 4.3 blocked the submitter there and deadlocked.
  WorkerPool pool(2);
  Dispatcher dispatcher(&pool);
  std::atomic<int> grandchildren{0};
  std::promise<std::future<std::vector<std::future<std::future<void>>>>> parent_promise;
  std::latch handler_running(1), parent_running(1);
  dispatcher.add_handler(filters::text(), [&](const Update&) {
    handler_running.count_down();
    auto grandchild = [&grandchildren] { ++grandchildren; };
    auto child = [&dispatcher, grandchild] { return dispatcher.run_async(grandchild); };
    auto parent = [&dispatcher, &parent_running, child] {
      parent_running.count_down();
      std::vector<std::future<std::future<void>>> children;
      children.push_back(dispatcher.run_async(child));
      children.push_back(dispatcher.run_async(child));
      return children;
    };
    parent_promise.set_value(dispatcher.run_async(parent));
    parent_running.wait();  // keep this worker busy until the parent holds the other one
  }, async_handler());
  dispatcher.process(make_update(1, 7, "go"));
  handler_running.wait();
  auto parent = parent_promise.get_future().get();
  REQUIRE(parent.wait_for(kHang) == std::future_status::ready);
  for (auto& child : parent.get()) {
    REQUIRE(child.wait_for(kHang) == std::future_status::ready);
    auto grandchild = child.get();
    REQUIRE(grandchild.wait_for(kHang) == std::future_status::ready);
    grandchild.get();
  }
  CHECK(grandchildren == 2);
}

TEST_CASE("an exception thrown by run_async work reaches the handler's future, not the dispatcher") {
  WorkerPool pool(1);
  Dispatcher dispatcher(&pool);
  std::promise<std::future<int>> handed_out;
  dispatcher.add_handler(filters::text(), [&](const Update&) {
    handed_out.set_value(dispatcher.run_async([]() -> int { throw std::runtime_error("send failed"); }));
  });
  dispatcher.process(make_update(1, 7, "x"));
  auto future = handed_out.get_future().get();
  REQUIRE(future.wait_for(kHang) == std::future_status::ready);
  CHECK_THROWS_WITH(future.get(), "send failed");
  CHECK(dispatcher.counters().failed == 0);  // the handler itself returned normally
}

TEST_CASE("run_async on a dispatcher without a pool is a programming error") {
  Dispatcher dispatcher;
  CHECK_THROWS_AS(dispatcher.run_async([] {}), std::logic_error);
}

TEST_CASE("N workers run exactly N async handlers at once under load, never N-1 or N+1") {
  // The knob for its effect, not its outcome: each handler waits until N handlers are running (or
  // kHang passes, which only a pool short of N workers would reach), then a moment longer, so the
  // peak is N exactly when the pool has N threads.
  for (const std::size_t workers : {1U, 3U, 8U}) {
    CAPTURE(workers);
    WorkerPool pool(workers);
    Dispatcher dispatcher(&pool);
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t running = 0, peak = 0, done = 0;
    dispatcher.add_handler(filters::text(), [&](const Update&) {
      std::unique_lock lock(mutex);
      peak = std::max(peak, ++running);
      changed.notify_all();
      changed.wait_for(lock, kHang, [&] { return peak >= workers; });
      // A moment more with all N busy: a pool with a thread too many starts one more handler here
      // (a correct pool never can, so this wait only decides how surely N+1 is caught).
      changed.wait_for(lock, 20ms, [&] { return running > workers; });
      --running;
      ++done;
      changed.notify_all();
    }, async_handler());
    const std::size_t updates = 4 * workers;
    for (std::size_t i = 0; i < updates; ++i) dispatcher.process(make_update(static_cast<std::int64_t>(i + 1), 7, "hi"));
    std::unique_lock lock(mutex);
    REQUIRE(changed.wait_for(lock, kHang, [&] { return done == updates; }));
    CHECK(peak == workers);
  }
}
