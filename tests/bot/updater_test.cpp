#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <vector>

#include "bot/make_update.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/bot/updater.hpp"

using namespace tgperf::bot;
using tgperf::bot::testing::make_update;
using tgperf::botapi::Update;
using namespace std::chrono_literals;

namespace {

struct Call {
  std::int64_t offset;
  int limit;
  std::chrono::seconds timeout;
};

// A scripted getUpdates: answers from a queue; when the script ends it requests stop and answers
// `cancelled`, so every test ends deterministically without timers.
class ScriptedSource : public UpdateSource {
 public:
  explicit ScriptedSource(std::stop_source& stop) : stop_(stop) {}
  std::deque<PollResult> script;
  std::vector<Call> calls;

  PollResult get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                         std::stop_token) override {
    calls.push_back({offset, limit, timeout});
    if (script.empty()) {
      stop_.request_stop();
      PollResult cancelled;
      cancelled.status = PollResult::Status::cancelled;
      return cancelled;
    }
    auto next = std::move(script.front());
    script.pop_front();
    return next;
  }

 private:
  std::stop_source& stop_;
};

PollResult ok(std::vector<Update> updates) {
  PollResult result;
  result.updates = std::move(updates);
  return result;
}

PollResult network_error(std::string description) {
  PollResult result;
  result.status = PollResult::Status::network_error;
  result.description = std::move(description);
  return result;
}

PollResult api_error(int code, std::string description, std::optional<std::chrono::seconds> retry = {}) {
  PollResult result;
  result.status = PollResult::Status::api_error;
  result.error_code = code;
  result.description = std::move(description);
  result.retry_after = retry;
  return result;
}

UpdaterOptions fast_options() {
  UpdaterOptions options;
  options.backoff_initial = 1ms;
  options.backoff_max = 4ms;
  options.confirm_on_stop = false;
  return options;
}

}  // namespace

TEST_CASE("each getUpdates confirms exactly the updates delivered before it") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(ok({make_update(5, 1, "a"), make_update(6, 1, "b")}));
  source.script.push_back(ok({}));  // a long poll that timed out
  source.script.push_back(ok({make_update(7, 2, "c")}));
  std::vector<std::int64_t> delivered;
  Updater updater(source, [&](const Update& u) { delivered.push_back(update_id_of(u)); },
                  fast_options());
  const auto result = updater.run(stop.get_token());
  CHECK(delivered == std::vector<std::int64_t>{5, 6, 7});
  REQUIRE(source.calls.size() == 4);
  CHECK(source.calls[0].offset == 0);
  CHECK(source.calls[1].offset == 7);
  CHECK(source.calls[2].offset == 7);
  CHECK(source.calls[3].offset == 8);
  CHECK(source.calls[0].limit == 100);
  CHECK(source.calls[0].timeout == 10s);
  CHECK(result.next_offset == 8);
  CHECK(result.delivered == 3);
}

TEST_CASE("an update whose delivery failed is not confirmed, so the next poller gets it again") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(ok({make_update(10, 1, "fine"), make_update(11, 1, "crash")}));
  std::vector<std::int64_t> delivered;
  Updater updater(source, [&](const Update& u) {
    if (text_of(u) == "crash") throw std::runtime_error("dispatcher gone");
    delivered.push_back(update_id_of(u));
  }, fast_options());
  const auto result = updater.run(stop.get_token());
  CHECK(result.reason == UpdaterResult::Reason::delivery_failed);
  CHECK(result.next_offset == 11);  // 10 confirmed, 11 not
  CHECK(delivered == std::vector<std::int64_t>{10});

  // A restarted updater resumes from the unconfirmed update.
  std::stop_source stop2;
  ScriptedSource source2(stop2);
  source2.script.push_back(ok({make_update(11, 1, "crash-no-more")}));
  auto options = fast_options();
  options.initial_offset = result.next_offset;
  Updater again(source2, [&](const Update& u) { delivered.push_back(update_id_of(u)); }, options);
  again.run(stop2.get_token());
  CHECK(source2.calls.front().offset == 11);
  CHECK(delivered == std::vector<std::int64_t>{10, 11});
}

TEST_CASE("an update below the confirmed offset is never delivered twice") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(ok({make_update(3, 1, "a")}));
  source.script.push_back(ok({make_update(3, 1, "a"), make_update(4, 1, "b")}));  // a faulty server
  std::vector<std::int64_t> delivered;
  Updater updater(source, [&](const Update& u) { delivered.push_back(update_id_of(u)); }, fast_options());
  updater.run(stop.get_token());
  CHECK(delivered == std::vector<std::int64_t>{3, 4});
}

TEST_CASE("429 waits retry_after before polling again") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(api_error(429, "Too Many Requests: retry after 1", 1s));
  source.script.push_back(ok({make_update(1, 1, "a")}));
  std::vector<UpdaterEvent> events;
  Updater updater(source, [](const Update&) {}, fast_options(),
                  [&](const UpdaterEvent& e) { events.push_back(e); });
  const auto started = std::chrono::steady_clock::now();
  const auto result = updater.run(stop.get_token());
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == UpdaterEvent::Kind::rate_limited);
  CHECK(events[0].wait == 1000ms);
  CHECK(result.rate_limited == 1);
  CHECK(result.delivered == 1);
  CHECK(elapsed >= 1s);  // a lower bound only: waiting less than retry_after breaks the contract
}

TEST_CASE("a stop request cuts a retry_after wait short") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(api_error(429, "Too Many Requests: retry after 3600", 3600s));
  Updater updater(source, [](const Update&) {}, fast_options(),
                  [&](const UpdaterEvent&) { stop.request_stop(); });
  const auto result = updater.run(stop.get_token());
  CHECK(result.reason == UpdaterResult::Reason::stop_requested);
  CHECK(source.calls.size() == 1);
}

TEST_CASE("409 conflict backs off and retries, or stops when asked to") {
  SECTION("retry") {
    std::stop_source stop;
    ScriptedSource source(stop);
    source.script.push_back(api_error(409, "Conflict: terminated by other getUpdates request"));
    source.script.push_back(api_error(409, "Conflict: terminated by other getUpdates request"));
    source.script.push_back(ok({make_update(1, 1, "a")}));
    std::vector<UpdaterEvent> events;
    Updater updater(source, [](const Update&) {}, fast_options(),
                    [&](const UpdaterEvent& e) { events.push_back(e); });
    const auto result = updater.run(stop.get_token());
    CHECK(result.conflicts == 2);
    CHECK(result.delivered == 1);
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == UpdaterEvent::Kind::conflict);
    CHECK(events[1].wait == 2 * events[0].wait);  // exponential backoff
  }
  SECTION("stop") {
    std::stop_source stop;
    ScriptedSource source(stop);
    source.script.push_back(api_error(409, "Conflict: can't use getUpdates method while webhook is active"));
    source.script.push_back(ok({make_update(1, 1, "a")}));
    auto options = fast_options();
    options.stop_on_conflict = true;
    Updater updater(source, [](const Update&) {}, options);
    const auto result = updater.run(stop.get_token());
    CHECK(result.reason == UpdaterResult::Reason::conflict);
    CHECK(result.last_error.find("webhook") != std::string::npos);
    CHECK(source.calls.size() == 1);
  }
}

TEST_CASE("network errors back off exponentially up to the cap, and a success resets it") {
  std::stop_source stop;
  ScriptedSource source(stop);
  for (int i = 0; i < 4; ++i) {
    source.script.push_back(network_error("Connection refused"));
  }
  source.script.push_back(ok({}));
  source.script.push_back(network_error("Connection refused"));
  std::vector<std::chrono::milliseconds> waits;
  Updater updater(source, [](const Update&) {}, fast_options(),
                  [&](const UpdaterEvent& e) { waits.push_back(e.wait); });
  const auto result = updater.run(stop.get_token());
  CHECK(waits == std::vector<std::chrono::milliseconds>{1ms, 2ms, 4ms, 4ms, 1ms});
  CHECK(result.network_errors == 5);
}

TEST_CASE("401 and 404 stop polling at once: retrying cannot fix a wrong token or URL") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(api_error(401, "Unauthorized"));
  Updater updater(source, [](const Update&) {}, fast_options());
  const auto result = updater.run(stop.get_token());
  CHECK(result.reason == UpdaterResult::Reason::fatal_error);
  CHECK(source.calls.size() == 1);
}

TEST_CASE("a clean stop confirms the delivered updates with one short getUpdates") {
  std::stop_source stop;
  ScriptedSource source(stop);
  source.script.push_back(ok({make_update(41, 1, "a")}));
  auto options = fast_options();
  options.confirm_on_stop = true;
  Updater updater(source, [](const Update&) {}, options);
  updater.run(stop.get_token());
  REQUIRE(source.calls.size() == 3);
  CHECK(source.calls[2].offset == 42);
  CHECK(source.calls[2].limit == 1);
  CHECK(source.calls[2].timeout == 0s);
}
