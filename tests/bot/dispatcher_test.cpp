#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>
#include <chrono>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/make_update.hpp"
#include "tgperf/bot/dispatcher.hpp"
#include "tgperf/bot/update_fields.hpp"

using namespace tgperf::bot;
using tgperf::bot::testing::make_update;
using tgperf::botapi::Update;

namespace {
HandlerOptions group(int g) {
  HandlerOptions options;
  options.group = g;
  return options;
}
HandlerOptions async_options() {
  HandlerOptions options;
  options.run_async = true;
  return options;
}
}  // namespace

TEST_CASE("filters: text, command, chat and their combinations") {
  const auto hello = make_update(1, 10, "hello");
  const auto start = make_update(2, 10, "/start now");
  const auto addressed = make_update(3, 20, "/help@echo_bot");
  const auto empty = make_update(4, 20, "");
  CHECK(filters::text()(hello));
  CHECK(filters::text()(start));
  CHECK_FALSE(filters::text()(empty));
  CHECK(filters::command("start")(start));
  CHECK_FALSE(filters::command("start")(hello));
  CHECK_FALSE(filters::command("star")(start));
  CHECK(filters::command("help")(addressed));
  CHECK(filters::command()(addressed));
  CHECK((filters::text() & !filters::command())(hello));
  CHECK_FALSE((filters::text() & !filters::command())(start));
  CHECK(filters::chat(20)(addressed));
  CHECK_FALSE(filters::chat(20)(hello));
  CHECK((filters::chat(10) | filters::chat(20))(addressed));
}

TEST_CASE("the first matching handler of each group runs, groups in ascending order") {
  Dispatcher dispatcher;
  std::vector<std::string> calls;
  dispatcher.add_handler(filters::command("start"), [&](const Update&) { calls.push_back("g0:start"); });
  dispatcher.add_handler(filters::text(), [&](const Update&) { calls.push_back("g0:text"); });
  dispatcher.add_handler(filters::text(), [&](const Update&) { calls.push_back("g0:text-again"); });
  dispatcher.add_handler(filters::all(), [&](const Update&) { calls.push_back("g-1:all"); }, group(-1));
  dispatcher.add_handler(filters::chat(99), [&](const Update&) { calls.push_back("g5:chat99"); }, group(5));

  dispatcher.process(make_update(1, 1, "hi"));
  CHECK(calls == std::vector<std::string>{"g-1:all", "g0:text"});
  calls.clear();
  dispatcher.process(make_update(2, 99, "/start"));
  CHECK(calls == std::vector<std::string>{"g-1:all", "g0:start", "g5:chat99"});
}

TEST_CASE("an exception in a handler goes to the error handlers and does not stop dispatching") {
  Dispatcher dispatcher;
  std::vector<std::string> errors;
  std::vector<std::int64_t> later_group;
  dispatcher.add_handler(filters::text(), [](const Update& u) {
    if (text_of(u) == "boom") throw std::runtime_error("handler exploded");
  });
  dispatcher.add_handler(filters::all(), [&](const Update& u) { later_group.push_back(update_id_of(u)); },
                         group(1));
  dispatcher.add_error_handler([&](const Update& u, std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      errors.push_back(std::to_string(update_id_of(u)) + ":" + ex.what());
    }
  });
  dispatcher.add_error_handler([](const Update&, std::exception_ptr) {
    throw std::logic_error("a broken error handler");
  });
  dispatcher.process(make_update(1, 1, "boom"));
  dispatcher.process(make_update(2, 1, "fine"));
  CHECK(errors == std::vector<std::string>{"1:handler exploded"});
  CHECK(later_group == std::vector<std::int64_t>{1, 2});  // the next group still ran for update 1
  const auto c = dispatcher.counters();
  CHECK(c.failed == 1);
  CHECK(c.handled == 3);
  CHECK(c.error_handler_failures == 1);
}

TEST_CASE("updates no handler matched are counted as unhandled") {
  Dispatcher dispatcher;
  dispatcher.add_handler(filters::command("start"), [](const Update&) {});
  dispatcher.process(make_update(1, 1, "plain"));
  CHECK(dispatcher.counters().unhandled == 1);
}

TEST_CASE("async handlers run on the pool and do not hold up the dispatching thread") {
  WorkerPool pool(2);
  Dispatcher dispatcher(&pool);
  std::latch release(1);
  std::atomic<int> done{0};
  dispatcher.add_handler(filters::text(), [&](const Update&) {
    release.wait();  // a slow send_message
    ++done;
  }, async_options());
  for (int i = 1; i <= 5; ++i) dispatcher.process(make_update(i, i, "x"));
  // process() returned five times although no handler has finished: they wait on the pool.
  CHECK(done == 0);
  CHECK(dispatcher.counters().updates == 5);
  release.count_down();
  pool.shutdown();
  CHECK(done == 5);
}

TEST_CASE("an exception in an async handler reaches the error handlers") {
  WorkerPool pool(2);
  Dispatcher dispatcher(&pool);
  std::mutex mutex;
  std::vector<std::int64_t> failed_ids;
  dispatcher.add_handler(filters::all(), [](const Update&) { throw std::runtime_error("async failure"); },
                         async_options());
  dispatcher.add_error_handler([&](const Update& u, std::exception_ptr) {
    std::lock_guard lock(mutex);
    failed_ids.push_back(update_id_of(u));
  });
  dispatcher.process(make_update(7, 1, "a"));
  dispatcher.process(make_update(8, 2, "b"));
  pool.shutdown();
  std::sort(failed_ids.begin(), failed_ids.end());
  CHECK(failed_ids == std::vector<std::int64_t>{7, 8});
  CHECK(dispatcher.counters().failed == 2);
}

TEST_CASE("ordered async dispatch keeps each chat's updates in order across many workers") {
  WorkerPool pool(8);
  Dispatcher dispatcher(&pool, /*ordered=*/true);
  std::mutex mutex;
  std::map<std::int64_t, std::vector<std::int64_t>> seen;
  dispatcher.add_handler(filters::text(), [&](const Update& u) {
    std::this_thread::yield();
    std::lock_guard lock(mutex);
    seen[*chat_id_of(u)].push_back(update_id_of(u));
  }, async_options());
  for (int id = 1; id <= 400; ++id) dispatcher.process(make_update(id, id % 4, "m"));
  pool.shutdown();
  REQUIRE(seen.size() == 4);
  for (auto& [chat, ids] : seen) {
    CHECK(ids.size() == 100);
    CHECK(std::is_sorted(ids.begin(), ids.end()));
  }
}

TEST_CASE("an async handler without a pool is refused at registration") {
  Dispatcher dispatcher;
  CHECK_THROWS_AS(dispatcher.add_handler(filters::all(), [](const Update&) {}, async_options()),
                  std::logic_error);
}
