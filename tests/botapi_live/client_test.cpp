// The synchronous Bot API client against the in-process emulator: keep-alive, typed errors,
// long polling and its cancellation.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "tgperf/botapi/client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf::botapi;
using tgperf::emulator::Emulator;
using tgperf::emulator::EmulatorOptions;

namespace {

const std::string kSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const std::string kToken = "123456789:" + kSecret;

Client client_for(const Emulator& emu, Encoding encoding = Encoding::json, const std::string& token = kToken) {
  ClientOptions options;
  options.encoding = encoding;
  options.transport.proxy = "";  // loopback only, whatever *_proxy says
  if (emu.options().tls) options.transport.ca_file = emu.certificate_file();
  return Client(Endpoint(emu.base_url(), Token::parse(token)), options);
}

// Waits for a condition the emulator reports (a held poll), failing instead of hanging.
template <typename Predicate>
bool eventually(Predicate predicate) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

}  // namespace

TEST_CASE("a Client keeps its connection alive between calls") {
  EmulatorOptions options;
  options.tls = true;
  Emulator emu(options);
  Client client = client_for(emu);
  const User me = client.get_me();
  CHECK(me.is_bot);
  CHECK(me.id == 123456789);
  CHECK(client.last_response().times.num_connects == 1);
  client.get_me();
  CHECK(client.last_response().times.num_connects == 0);  // reused
  CHECK(client.last_response().times.appconnect.count() == 0);
}

TEST_CASE("an error envelope becomes an ApiException without the token in its message") {
  EmulatorOptions options;
  options.tokens = {"42:" + std::string(35, 'B')};
  Emulator emu(options);
  Client client = client_for(emu);
  try {
    client.get_me();
    FAIL("no exception for 401");
  } catch (const ApiException& e) {
    CHECK(e.error().error_code == 401);
    CHECK(std::string(e.what()).starts_with("401 Unauthorized"));
    CHECK(std::string(e.what()).find(kSecret) == std::string::npos);
  }
}

TEST_CASE("sendMessage works in both encodings and 'chat not found' is a 400") {
  Emulator emu(EmulatorOptions{});
  for (Encoding encoding : {Encoding::json, Encoding::query}) {
    Client client = client_for(emu, encoding);
    const Message sent = client.send_message(tgperf::emulator::kFirstChatId, "hello & good bye");
    CHECK(sent.chat.id == tgperf::emulator::kFirstChatId);
    CHECK(sent.text == "hello & good bye");
    try {
      client.send_message(5, "x");
      FAIL("no exception for an unknown chat");
    } catch (const ApiException& e) {
      CHECK(e.error().error_code == 400);
      CHECK(e.error().description == "Bad Request: chat not found");
    }
  }
}

TEST_CASE("429 carries retry_after") {
  EmulatorOptions options;
  options.flood = true;
  Emulator emu(options);
  Client client = client_for(emu);
  std::optional<ApiError> limited;
  for (int i = 0; i < 10 && !limited; ++i) {
    try {
      client.send_message(tgperf::emulator::kFirstChatId, "burst");
    } catch (const ApiException& e) {
      limited = e.error();
    }
  }
  REQUIRE(limited);
  CHECK(limited->error_code == 429);
  REQUIRE(limited->retry_after);
  CHECK(limited->retry_after->count() >= 1);
}

TEST_CASE("getUpdates returns injected messages and the offset confirms them") {
  Emulator emu(EmulatorOptions{});
  Client client = client_for(emu);
  const auto id = emu.inject_message(kToken, 0, "ping");
  auto updates = client.get_updates(0, 100, std::chrono::seconds(0));
  REQUIRE(updates.size() == 1);
  CHECK(updates[0].update_id == id);
  REQUIRE(updates[0].message);
  CHECK(updates[0].message->text->starts_with("ping"));
  CHECK(client.get_updates(id + 1, 100, std::chrono::seconds(0)).empty());
}

TEST_CASE("a long poll answers as soon as an update arrives") {
  Emulator emu(EmulatorOptions{});
  Client client = client_for(emu);
  auto poll = std::async(std::launch::async, [&] { return client.get_updates(0, 100, std::chrono::seconds(30)); });
  REQUIRE(eventually([&] { return emu.requests_in_flight() > 0; }));  // the server holds the poll
  emu.inject_message(kToken, 0, "wake");
  REQUIRE(poll.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
  CHECK(poll.get().size() == 1);
}

TEST_CASE("a stop request cancels a pending long poll") {
  Emulator emu(EmulatorOptions{});
  Client client = client_for(emu);
  std::stop_source stop;
  auto poll = std::async(std::launch::async, [&] {
    return client.get_updates(0, 100, std::chrono::seconds(30), stop.get_token());
  });
  REQUIRE(eventually([&] { return emu.requests_in_flight() > 0; }));
  stop.request_stop();
  REQUIRE(poll.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
  CHECK_THROWS_AS(poll.get(), Cancelled);
}

TEST_CASE("no answer is a NetworkError with libcurl's code") {
  // A loopback port nobody listens on: bound, then closed, so the kernel refuses connections.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  ClientOptions options;
  options.transport.max_time = std::chrono::seconds(10);
  options.transport.proxy = "";
  Client client(Endpoint("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), Token::parse(kToken)),
                options);
  try {
    client.get_me();
    FAIL("no exception without a server");
  } catch (const NetworkError& e) {
    CHECK(e.curl_code() == 7);  // CURLE_COULDNT_CONNECT
    CHECK(std::string(e.what()).find(kSecret) == std::string::npos);
  }
}

TEST_CASE("a TLS server with an unknown CA is a NetworkError") {
  EmulatorOptions options;
  options.tls = true;
  Emulator emu(options);
  ClientOptions no_ca;  // no CA file: the generated certificate is unknown
  no_ca.transport.proxy = "";
  Client client(Endpoint(emu.base_url(), Token::parse(kToken)), no_ca);
  CHECK_THROWS_AS(client.get_me(), NetworkError);
}
