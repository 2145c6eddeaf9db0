#pragma once
// A small libcurl client for driving the emulator in tests: one easy handle per client, so
// consecutive requests reuse the connection (keep-alive), plus a raw-socket exchange for
// malformed HTTP that no real client would send.
#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tgperf::test {

inline const std::string kToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

struct HttpAnswer {
  CURLcode code = CURLE_OK;  // a transport failure (dropped connection) shows here
  long status = 0;
  std::string body;
  std::string headers;  // raw header block
  long new_connections = 0;  // CURLINFO_NUM_CONNECTS: 0 when the connection was reused
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class TestClient {
 public:
  explicit TestClient(std::string base_url, std::string ca_file = {});
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // `path` is appended to the base URL, e.g. "/bot<token>/getMe?x=1".
  HttpAnswer get(const std::string& path, long timeout_s = 60);
  HttpAnswer post(const std::string& path, const std::string& body, const std::string& content_type,
                  long timeout_s = 60);
  HttpAnswer post_multipart(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields);
  // "/bot<kToken>/<method>" with a JSON body.
  HttpAnswer call(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
                  long timeout_s = 60);

 private:
  HttpAnswer perform(long timeout_s);
  std::string base_url_;
  std::string ca_file_;
  CURL* easy_;
};

// Sends `bytes` on a fresh TCP connection to 127.0.0.1:port, half-closes, and returns everything
// the server sent until it closed (or 10 s passed).
std::string raw_exchange(std::uint16_t port, const std::string& bytes);

}  // namespace tgperf::test

#include <chrono>
#include <functional>
#include <thread>

namespace tgperf::test {

// Waits until `condition` holds (checked every millisecond), or `timeout`; returns the last value.
// For state only visible through counters (a poll now waiting inside the server).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace tgperf::test
