#include <catch2/catch.hpp>

#include "report/timing_fixtures.hpp"
#include "tgperf/report/waterfall.hpp"

using namespace tgperf::report;
using namespace timing_fixtures;

namespace {
std::string line_with(const std::string& text, const std::string& label) {
  const auto at = text.find(label);
  REQUIRE(at != std::string::npos);
  return text.substr(at, text.find('\n', at) - at);
}
std::size_t bar_cells(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t at = line.find("\u2588"); at != std::string::npos; at = line.find("\u2588", at + 1)) ++n;
  return n;
}
std::size_t bar_offset(const std::string& line) {
  const auto pipe = line.find('|');
  return line.find("\u2588") - pipe - 1;
}
}  // namespace

TEST_CASE("a cold request shows every phase with its ms and a proportional bar") {
  const std::string out = render_waterfall(cold_https());
  CHECK(out.find("new connection") != std::string::npos);
  CHECK(out.find("149.154.167.220:443") != std::string::npos);
  CHECK(out.find("HTTP/1.1 200") != std::string::npos);
  CHECK(line_with(out, "TLS handshake").find("78.00 ms") != std::string::npos);
  // tls is 78 of 156.3 ms: half the 40-column width; tcp 37 ms: about a quarter.
  CHECK(bar_cells(line_with(out, "TLS handshake")) == 20);
  CHECK(bar_cells(line_with(out, "TCP connect")) == 9);
  // Bars sit on the request's timeline: TLS starts where TCP ended.
  CHECK(bar_offset(line_with(out, "TLS handshake")) == 10);
  CHECK(bar_offset(line_with(out, "DNS lookup")) == 0);
}

TEST_CASE("a reused request says reused instead of inventing connection phases") {
  const std::string out = render_waterfall(warm_https(2));
  CHECK(out.find("reused connection") != std::string::npos);
  for (const char* label : {"DNS lookup", "TCP connect", "TLS handshake"}) {
    const auto line = line_with(out, label);
    CHECK(line.find("reused") != std::string::npos);
    CHECK(bar_cells(line) == 0);
  }
  CHECK(bar_cells(line_with(out, "server")) >= 30);
}

TEST_CASE("plain HTTP shows no TLS handshake") {
  auto r = cold_https();
  r.phases.tls.reset();
  CHECK(line_with(render_waterfall(r), "TLS handshake").find("none") != std::string::npos);
}

TEST_CASE("the verdict names the Bot API error or the transport failure") {
  CHECK(timing_verdict(cold_https()) == "ok");
  CHECK(timing_verdict(api_error(401, "Unauthorized")) == "401 Unauthorized");
  auto limited = api_error(429, "Too Many Requests: retry after 3");
  limited.retry_after = std::chrono::seconds(3);
  CHECK(timing_verdict(limited) == "429 Too Many Requests: retry after 3 (retry after 3 s)");
  CHECK(timing_verdict(refused()).starts_with("no answer: Failed to connect"));
  const std::string out = render_waterfall(refused());
  CHECK(out.find("no HTTP answer") != std::string::npos);
  CHECK(bar_cells(out) == 0);
}

TEST_CASE("a response cut mid-body says the status arrived and the body did not") {
  auto r = cold_https();
  r.response.curl_code = 18;  // CURLE_PARTIAL_FILE
  r.response.error = "transfer closed with 101 bytes remaining to read";
  r.api_ok = false;
  CHECK(timing_verdict(r) ==
        "HTTP 200 began, then the connection was cut mid-response: transfer closed with 101 bytes remaining to read");
  CHECK(render_waterfall(r).find("HTTP 200 cut short") != std::string::npos);
}

TEST_CASE("colours only when asked") {
  CHECK(render_waterfall(cold_https()).find('\x1b') == std::string::npos);
  CHECK(render_waterfall(cold_https(), {40, true}).find("\x1b[32m") != std::string::npos);
}

TEST_CASE("a request that failed before connecting says so instead of new or reused") {
  auto r = refused();
  r.response.times.num_connects = 0;
  CHECK(render_waterfall(r).find("no connection") != std::string::npos);
}
