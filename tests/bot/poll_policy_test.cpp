// PollPolicy on its own: the rules of long polling as pure steps (no source, no thread, no clock).
// Offsets move only past delivered updates, backoff doubles to its cap and resets on success,
// 429 waits the server's retry_after, 409 and 401/404 end polling or back off as configured, and
// the reply retry (reply_retry.hpp) and getUpdates share botapi::Outcome through poll_result.
#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <vector>

#include "bot/make_update.hpp"
#include "tgperf/bot/client_update_source.hpp"
#include "tgperf/bot/poll_policy.hpp"
#include "tgperf/bot/reply_retry.hpp"
#include "tgperf/botapi/outcome.hpp"

namespace tgperf::test {
namespace {

using namespace std::chrono_literals;
using bot::PollPolicy;
using bot::PollResult;
using bot::UpdaterEvent;
using bot::UpdaterResult;

PollResult updates(std::vector<std::int64_t> ids) {
  PollResult poll;
  for (const auto id : ids) poll.updates.push_back(bot::testing::make_update(id, 1, "hi"));
  return poll;
}

PollResult network_error(const char* description = "Connection refused") {
  PollResult poll;
  poll.status = PollResult::Status::network_error;
  poll.description = description;
  return poll;
}

PollResult api_error(int code, std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  PollResult poll;
  poll.status = PollResult::Status::api_error;
  poll.error_code = code;
  poll.description = std::to_string(code) + " error";
  poll.retry_after = retry_after;
  return poll;
}

struct Delivered {
  std::vector<std::int64_t> ids;
  PollPolicy::Deliver deliver() {
    return [this](const botapi::Update& u) { ids.push_back(u.update_id); };
  }
};

}  // namespace

TEST_CASE("PollPolicy: the offset moves past each delivered update; an update seen before is not delivered again",
          "[poll_policy]") {
  bot::UpdaterOptions options;
  options.initial_offset = 5;
  PollPolicy policy(options);
  Delivered delivered;
  CHECK(policy.offset() == 5);

  const auto step = policy.handle(updates({4, 5, 6}), delivered.deliver());
  CHECK(delivered.ids == std::vector<std::int64_t>{5, 6});  // 4 is below the offset: already handled
  CHECK(policy.offset() == 7);
  CHECK(step.wait == 0ms);
  CHECK_FALSE(step.stop);
  CHECK_FALSE(step.event);

  (void)policy.handle(updates({6, 7}), delivered.deliver());  // 6 again: a server repeating itself
  CHECK(delivered.ids == std::vector<std::int64_t>{5, 6, 7});
  CHECK(policy.result().delivered == 3);
  CHECK(policy.result().polls == 2);
}

TEST_CASE("PollPolicy: network errors back off doubling up to the cap, and a success resets it", "[poll_policy]") {
  bot::UpdaterOptions options;
  options.backoff_initial = 100ms;
  options.backoff_max = 350ms;
  PollPolicy policy(options);
  Delivered delivered;
  std::vector<std::chrono::milliseconds> waits;
  for (int i = 0; i < 4; ++i) {
    const auto step = policy.handle(network_error(), delivered.deliver());
    REQUIRE(step.event);
    CHECK(step.event->kind == UpdaterEvent::Kind::network_error);
    CHECK(step.event->description == "Connection refused");
    CHECK(step.event->wait == step.wait);
    waits.push_back(step.wait);
  }
  CHECK(waits == std::vector<std::chrono::milliseconds>{100ms, 200ms, 350ms, 350ms});
  CHECK(policy.result().network_errors == 4);
  CHECK(policy.result().last_error == "Connection refused");

  (void)policy.handle(updates({}), delivered.deliver());  // an empty long poll is a success
  CHECK(policy.handle(network_error(), delivered.deliver()).wait == 100ms);
}

TEST_CASE("PollPolicy: 429 waits the server's retry_after, or backs off without one", "[poll_policy]") {
  PollPolicy policy(bot::UpdaterOptions{});
  Delivered delivered;
  const auto told = policy.handle(api_error(429, 7s), delivered.deliver());
  CHECK(told.wait == 7000ms);
  REQUIRE(told.event);
  CHECK(told.event->kind == UpdaterEvent::Kind::rate_limited);
  CHECK_FALSE(told.stop);

  const auto untold = policy.handle(api_error(429), delivered.deliver());
  CHECK(untold.wait == bot::UpdaterOptions{}.backoff_initial);
  CHECK(policy.result().rate_limited == 2);
  CHECK(policy.result().network_errors == 0);
}

TEST_CASE("PollPolicy: 409 backs off, or ends polling with stop_on_conflict", "[poll_policy]") {
  {
    PollPolicy policy(bot::UpdaterOptions{});
    Delivered delivered;
    const auto step = policy.handle(api_error(409), delivered.deliver());
    CHECK_FALSE(step.stop);
    CHECK(step.wait > 0ms);
    CHECK(policy.result().conflicts == 1);
  }
  bot::UpdaterOptions options;
  options.stop_on_conflict = true;
  PollPolicy policy(options);
  Delivered delivered;
  const auto step = policy.handle(api_error(409), delivered.deliver());
  REQUIRE(step.stop);
  CHECK(*step.stop == UpdaterResult::Reason::conflict);
  CHECK(step.wait == 0ms);
}

TEST_CASE("PollPolicy: 401 and 404 end polling; 5xx is transient", "[poll_policy]") {
  for (const int code : {401, 404}) {
    PollPolicy policy(bot::UpdaterOptions{});
    Delivered delivered;
    const auto step = policy.handle(api_error(code), delivered.deliver());
    REQUIRE(step.stop);
    CHECK(*step.stop == UpdaterResult::Reason::fatal_error);
    REQUIRE(step.event);
    CHECK(step.event->kind == UpdaterEvent::Kind::fatal_error);
    CHECK(policy.result().last_error == std::to_string(code) + " error");
  }
  PollPolicy policy(bot::UpdaterOptions{});
  Delivered delivered;
  const auto step = policy.handle(api_error(502), delivered.deliver());
  CHECK_FALSE(step.stop);
  CHECK(step.wait > 0ms);
  CHECK(policy.result().network_errors == 1);
}

TEST_CASE("PollPolicy: a throwing delivery ends polling and leaves that update unconfirmed", "[poll_policy]") {
  PollPolicy policy(bot::UpdaterOptions{});
  std::vector<std::int64_t> seen;
  const auto step = policy.handle(updates({1, 2, 3}), [&seen](const botapi::Update& u) {
    if (u.update_id == 2) throw std::runtime_error("handler broke");
    seen.push_back(u.update_id);
  });
  REQUIRE(step.stop);
  CHECK(*step.stop == UpdaterResult::Reason::delivery_failed);
  CHECK(seen == std::vector<std::int64_t>{1});
  CHECK(policy.offset() == 2);  // 2 is served again to the next poller
  CHECK(policy.result().last_error == "handler broke");
}

TEST_CASE("PollPolicy: keep_going turning false leaves the rest of the batch unconfirmed", "[poll_policy]") {
  PollPolicy policy(bot::UpdaterOptions{});
  Delivered delivered;
  const auto step = policy.handle(updates({10, 11, 12}), delivered.deliver(),
                                  [&delivered] { return delivered.ids.size() < 2; });
  CHECK_FALSE(step.stop);
  CHECK(delivered.ids == std::vector<std::int64_t>{10, 11});
  CHECK(policy.offset() == 12);
}

TEST_CASE("PollPolicy: the getUpdates limit is clamped to the Bot API's 1..100", "[poll_policy]") {
  bot::UpdaterOptions low;
  low.limit = 0;
  CHECK(PollPolicy(low).options().limit == 1);
  bot::UpdaterOptions high;
  high.limit = 1000;
  CHECK(PollPolicy(high).options().limit == 100);
}

TEST_CASE("poll_result: each Outcome becomes the PollResult the policy reads", "[poll_policy]") {
  botapi::Outcome ok;
  ok.result = nlohmann::json::array({{{"update_id", 9}}});
  const PollResult fine = bot::poll_result(ok);
  CHECK(fine.status == PollResult::Status::ok);
  REQUIRE(fine.updates.size() == 1);
  CHECK(fine.updates[0].update_id == 9);

  botapi::Outcome limited;
  limited.kind = botapi::Outcome::Kind::api_error;
  limited.error.error_code = 429;
  limited.error.retry_after = 3s;
  limited.description = "429 Too Many Requests (retry after 3 s)";
  const PollResult wait = bot::poll_result(limited);
  CHECK(wait.status == PollResult::Status::api_error);
  CHECK(wait.error_code == 429);
  CHECK(wait.retry_after == 3s);
  CHECK(wait.description == limited.description);

  botapi::Outcome refused;
  refused.kind = botapi::Outcome::Kind::transport_error;
  refused.curl_code = 7;
  refused.description = "Connection refused";
  CHECK(bot::poll_result(refused).status == PollResult::Status::network_error);
  CHECK(bot::poll_result(refused).description == "Connection refused");

  botapi::Outcome wrong_shape;
  wrong_shape.http_code = 200;
  wrong_shape.result = "not updates";
  const PollResult broken = bot::poll_result(wrong_shape);
  CHECK(broken.status == PollResult::Status::network_error);
  CHECK(broken.description == "HTTP 200: the result does not have the expected shape");

  CHECK(bot::poll_result(botapi::Outcome::cancelled_call()).status == PollResult::Status::cancelled);
}

TEST_CASE("classify_reply_failure: which failed outcomes are retried, after how long", "[reply_retry]") {
  botapi::Outcome limited;
  limited.kind = botapi::Outcome::Kind::api_error;
  limited.error.error_code = 429;
  limited.error.retry_after = 4s;
  limited.description = "429 Too Many Requests (retry after 4 s)";
  const auto wait = bot::classify_reply_failure(limited, 1);
  CHECK(wait.description == limited.description);
  REQUIRE(wait.retry_in);
  CHECK(*wait.retry_in == 4s);

  botapi::Outcome server = limited;
  server.error = {};
  server.error.error_code = 502;
  REQUIRE(bot::classify_reply_failure(server, 3).retry_in);
  CHECK(*bot::classify_reply_failure(server, 3).retry_in == 400ms);  // 100 ms doubled per attempt

  botapi::Outcome blocked = server;
  blocked.error.error_code = 403;
  CHECK_FALSE(bot::classify_reply_failure(blocked, 1).retry_in);  // retrying cannot help

  botapi::Outcome reset;
  reset.kind = botapi::Outcome::Kind::transport_error;
  reset.description = "Connection reset by peer";
  REQUIRE(bot::classify_reply_failure(reset, 1).retry_in);
  CHECK(*bot::classify_reply_failure(reset, 1).retry_in == 100ms);
  CHECK(*bot::classify_reply_failure(reset, bot::kMaxReplyAttempts - 1).retry_in == bot::kReplyBackoffMax);
  CHECK_FALSE(bot::classify_reply_failure(reset, bot::kMaxReplyAttempts).retry_in);  // the last attempt

  botapi::Outcome malformed;
  malformed.kind = botapi::Outcome::Kind::malformed;
  CHECK(bot::classify_reply_failure(malformed, 1).retry_in);

  CHECK_FALSE(bot::classify_reply_failure(botapi::Outcome::cancelled_call(), 1).retry_in);
}

}  // namespace tgperf::test
