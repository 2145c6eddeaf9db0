// curl-timing against `tgperf serve` injecting one fault kind into every request: each failed
// request gets a readable line saying what happened, the exit status is 1 (documented: "a request
// failed"), nothing crashes or hangs, and the token never shows. serve's ledger counts the faults.
#include <signal.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace {

const std::string kFaultToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const std::string kFaultSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

struct Case {
  std::vector<std::string> serve_flags;
  std::string per_request;  // what each failed request's line says
  std::string ledger;       // what serve's ledger says it injected (empty: nothing per request)
};

}  // namespace

TEST_CASE("curl-timing reports each injected fault of tgperf serve in one readable line per request, exit 1") {
  const auto [name, c] = GENERATE(table<std::string, Case>({
      {"503", {{"--fault", "503:1"}, "503 Service Unavailable", "2 5xx"}},
      {"5xx mix", {{"--fault", "5xx:1"}, "HTTP/1.1 50", "2 5xx"}},
      {"reset", {{"--fault", "reset:1"}, "Empty reply from server", "2 reset before the answer"}},
      {"drop", {{"--fault", "drop:1"}, "transfer closed with", "2 dropped mid-response"}},
      {"stall", {{"--fault", "stall:1", "--stall-for", "30s"}, "timed out after", "2 stalled"}},
      {"429", {{"--fault", "429:1", "--retry-after", "3"}, "retry after 3", "2 429"}},
      {"outage", {{"--outage", "60s@0"}, "Couldn't connect to server", ""}},
  }));
  INFO("fault " << name);
  std::vector<std::string> serve = {TGPERF_BINARY, "serve", "--listen", "127.0.0.1:0", "--seed", "5"};
  serve.insert(serve.end(), c.serve_flags.begin(), c.serve_flags.end());
  tgperf::test::ChildProcess server(serve);
  const auto banner = server.wait_for_line("Bot API emulator on", false);
  REQUIRE(banner);
  std::smatch m;
  REQUIRE(std::regex_search(*banner, m, std::regex(R"(http://127\.0\.0\.1:(\d+))")));
  const std::string url = m[0];
  REQUIRE(server.wait_for_line("stop with Ctrl-C", false));  // everything set up, outages included

  const auto r = tgperf::test::run_process({TGPERF_BINARY, "curl-timing", "--api-url", url, "-n", "2", "-i", "0",
                                            "-m", "1s", "--no-color"},
                                           {"TGPERF_TOKEN=" + kFaultToken}, "", std::chrono::seconds(60));
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  CHECK(count(r.out, c.per_request) >= 2);  // one per request (a line and its advice may repeat it)
  CHECK(r.out.find(kFaultSecret) == std::string::npos);
  CHECK(r.err.find(kFaultSecret) == std::string::npos);
  CHECK(r.out.find("123456789:***") != std::string::npos);

  server.signal(SIGINT);
  const auto status = server.finish();
  INFO("serve:\n" << server.out() << server.err());
  CHECK(status == 0);
  CHECK(server.out().find("faults: ") != std::string::npos);  // the banner says what is injected
  if (!c.ledger.empty()) {
    CHECK(server.out().find("faults injected  " + c.ledger) != std::string::npos);
  } else {
    CHECK(server.out().find("faults injected  1 outage") != std::string::npos);
  }
}
