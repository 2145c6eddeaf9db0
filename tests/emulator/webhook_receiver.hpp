#pragma once
// A bot's webhook endpoint for tests: a loopback HTTP/1.1 server (a thread per connection,
// keep-alive) that records every request it gets and answers what the test's handler decides.
// The handler runs on the connection's thread, so it may block (hold a delivery open) until the
// test lets it go; the receiver counts the requests open at once.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace tgperf::test {

struct WebhookRequest {
  std::string target;
  std::string secret_header;  // X-Telegram-Bot-Api-Secret-Token, empty when absent
  bool has_secret_header = false;
  nlohmann::json update;
  std::chrono::steady_clock::time_point received_at;
  int connection = 0;  // which of the receiver's connections it came on: 0 for the first accepted, ...

  std::int64_t update_id() const { return update["update_id"].get<std::int64_t>(); }
  std::int64_t chat_id() const { return update["message"]["chat"]["id"].get<std::int64_t>(); }
  std::string text() const { return update["message"]["text"].get<std::string>(); }
};

struct WebhookAnswer {
  int status = 200;
  std::string body;  // JSON (a webhook reply) or empty
};

class WebhookReceiver {
 public:
  using Handler = std::function<WebhookAnswer(const WebhookRequest&)>;
  explicit WebhookReceiver(Handler handler);
  ~WebhookReceiver();  // releases held requests, stops and joins
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;

  std::vector<WebhookRequest> requests() const;
  int open_now() const;   // requests being handled right now
  int open_peak() const;  // the most ever open at once

  // For handlers that hold a request: hold_until_released() blocks until release(n) lets the n
  // oldest holders go (holders that arrive later take their turn after them).
  void hold_until_released();
  void release(int n);
  int held() const;

 private:
  void accept_loop();
  void serve(int fd, int connection);

  Handler handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::vector<WebhookRequest> requests_;
  std::vector<std::thread> connections_;
  std::vector<int> connection_fds_;
  int open_ = 0, peak_ = 0, held_ = 0;
  // Holders queue in arrival order: each takes the next ticket, and release(n) lets the n oldest go.
  // (A shared permit count let a request that arrived after release() take a permit meant for one
  // that was already held but had not woken yet.)
  long next_ticket_ = 0, released_through_ = 0;
  bool stopping_ = false;
};

}  // namespace tgperf::test
