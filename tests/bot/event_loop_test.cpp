// The event loop against the in-process emulator: real HTTP on loopback, many requests, one thread.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>
#include <vector>

#include "tgperf/bot/event_loop.hpp"
#include "tgperf/bot/event_loop_replier.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

const botapi::Token kEventLoopToken = botapi::Token::parse("123456:event-loop-test-token-abcdef");

emulator::EmulatorOptions emulator_with_latency(Duration latency) {
  emulator::EmulatorOptions options;
  options.latency = latency;
  options.chats = 2;
  return options;
}

}  // namespace

TEST_CASE("the event loop keeps at most M requests in flight and completes every one") {
  emulator::Emulator server(emulator_with_latency(20ms));
  const botapi::Endpoint endpoint(server.base_url(), kEventLoopToken);
  bot::EventLoop loop(4);
  std::stop_source stop;
  constexpr int kRequests = 40;
  int ok = 0, done = 0;
  for (int i = 0; i < kRequests; ++i) {
    loop.submit(botapi::encode(endpoint, botapi::get_me(), botapi::Encoding::json),
                [&](const http::Response& r) {
                  try {
                    if (botapi::result_or_throw(r, endpoint).at("is_bot") == true) ++ok;
                  } catch (const std::exception&) {
                  }
                  if (++done == kRequests) stop.request_stop();
                });
  }
  CHECK(loop.running_limited() == 4);
  CHECK(loop.queued() == kRequests - 4);
  loop.run(stop.get_token());
  CHECK(ok == kRequests);
  CHECK(loop.peak_limited() == 4);
  CHECK(loop.running() == 0);
}

TEST_CASE("cancel ends a pending long poll at once with 'aborted'") {
  emulator::Emulator server(emulator_with_latency(0ms));
  const botapi::Endpoint endpoint(server.base_url(), kEventLoopToken);
  bot::EventLoop loop(1);
  std::stop_source stop;
  int curl_code = -1;
  const auto id = loop.submit(
      botapi::encode(endpoint, botapi::get_updates(0, 100, 30s), botapi::Encoding::json),
      [&](const http::Response& r) {
        curl_code = r.curl_code;
        stop.request_stop();
      },
      /*limited=*/false);
  // The poll waits for updates that never come (no scenario); cancel it from a timer.
  loop.schedule(50ms, [&] { loop.cancel(id); });
  loop.run(stop.get_token());
  CHECK(curl_code == 42);  // CURLE_ABORTED_BY_CALLBACK, not a 30 s timeout answer
}

TEST_CASE("a stop request lets transfers already in flight finish") {
  emulator::Emulator server(emulator_with_latency(30ms));
  const botapi::Endpoint endpoint(server.base_url(), kEventLoopToken);
  bot::EventLoop loop(8);
  std::stop_source stop;
  int answered = 0;
  bool stop_hook_ran = false;
  for (int i = 0; i < 3; ++i) {
    loop.submit(botapi::encode(endpoint, botapi::get_me(), botapi::Encoding::json),
                [&](const http::Response& r) { answered += r.http_code == 200 ? 1 : 0; });
  }
  stop.request_stop();
  loop.run(stop.get_token(), [&] { stop_hook_ran = true; });
  CHECK(stop_hook_ran);
  CHECK(answered == 3);
}

TEST_CASE("cancel_all from the stop hook abandons running and queued transfers at once") {
  // An hour per answer: if the stop waited for the transfers, run() would not return (ctest's
  // timeout would end the test); cancel_all ends them all with 'aborted' instead.
  emulator::Emulator server(emulator_with_latency(3600s));
  const botapi::Endpoint endpoint(server.base_url(), kEventLoopToken);
  bot::EventLoop loop(2);
  std::stop_source stop;
  std::vector<int> codes;
  for (int i = 0; i < 3; ++i) {
    loop.submit(botapi::encode(endpoint, botapi::get_me(), botapi::Encoding::json),
                [&](const http::Response& r) { codes.push_back(r.curl_code); });
  }
  REQUIRE(loop.running_limited() == 2);
  REQUIRE(loop.queued() == 1);
  loop.schedule(50ms, [&] { stop.request_stop(); });
  loop.run(stop.get_token(), [&] { loop.cancel_all(); });
  CHECK(codes == std::vector<int>{42, 42, 42});  // CURLE_ABORTED_BY_CALLBACK, every one
  CHECK(loop.running() == 0);
  CHECK(loop.queued() == 0);
}

TEST_CASE("post runs a function from another thread on the loop thread at once") {
  emulator::Emulator server(emulator_with_latency(20ms));
  const botapi::Endpoint endpoint(server.base_url(), kEventLoopToken);
  bot::EventLoop loop(2);
  std::stop_source stop;
  std::thread::id ran_on;
  int completed = 0;
  constexpr int kPosted = 6;
  std::jthread poster([&] {
    for (int i = 0; i < kPosted; ++i) {
      // A posted function may submit: that is how a webhook receiver hands the loop its sends.
      loop.post([&] {
        ran_on = std::this_thread::get_id();
        loop.submit(botapi::encode(endpoint, botapi::get_me(), botapi::Encoding::json),
                    [&](const http::Response&) {
                      if (++completed == kPosted) stop.request_stop();
                    });
      });
    }
  });
  const auto started = std::chrono::steady_clock::now();
  loop.run(stop.get_token());
  CHECK(completed == kPosted);
  CHECK(ran_on == std::this_thread::get_id());
  CHECK(loop.peak_limited() == 2);
  // Woken at once, not at the 100 ms idle poll: 3 rounds of 20 ms, far below 6 idle polls.
  CHECK(std::chrono::steady_clock::now() - started < 500ms);
}

TEST_CASE("the event-loop replier answers every hand-over with at most M sends in flight") {
  emulator::Emulator server(emulator_with_latency(10ms));
  bot::EventLoop loop(3);
  std::stop_source stop;
  constexpr int kJobs = 30;
  int handled = 0;
  bot::EventLoopReplier replier(loop, botapi::Endpoint(server.base_url(), kEventLoopToken), /*ordered=*/false,
                                [&](const bot::HandledUpdate&) {
                                  if (++handled == kJobs) stop.request_stop();
                                });
  for (int i = 0; i < kJobs; ++i) {
    replier.hand_over(bot::ReplyJob{i + 1, emulator::kFirstChatId + i % 2, "hi", std::chrono::steady_clock::now()});
  }
  loop.run(stop.get_token());
  CHECK(replier.replied() == kJobs);
  CHECK(replier.failed() == 0);
  CHECK(loop.peak_limited() == 3);
}
