#include <catch2/catch.hpp>

#include <vector>

#include "report/timing_fixtures.hpp"
#include "tgperf/report/timing_advice.hpp"

using namespace tgperf::report;
using namespace timing_fixtures;

namespace {
std::vector<std::string> advise(const std::vector<botapi::TimingRecord>& records) {
  return timing_advice(records, summarize_timing(records));
}
bool any_contains(const std::vector<std::string>& advice, const std::string& part) {
  for (const auto& a : advice) {
    if (a.find(part) != std::string::npos) return true;
  }
  return false;
}
botapi::TimingRecord with_tcp(Micros tcp) {
  auto r = cold_https();
  r.phases.tcp = tcp;
  return r;
}
}  // namespace

TEST_CASE("a TCP connect over 50 ms says the host is far from the Bot API") {
  CHECK(any_contains(advise({with_tcp(Micros(80000))}), "near the Netherlands"));
  CHECK_FALSE(any_contains(advise({with_tcp(Micros(12000))}), "near the Netherlands"));
}

TEST_CASE("slow DNS suggests a caching resolver") {
  auto r = cold_https();
  r.phases.dns = Micros(45000);
  CHECK(any_contains(advise({r}), "caching resolver"));
  CHECK_FALSE(any_contains(advise({cold_https()}), "caching resolver"));
}

TEST_CASE("a cold request much slower than warm ones says what keeping connections alive saves") {
  const auto advice = advise({cold_https(1), warm_https(2), warm_https(3)});
  CHECK(any_contains(advice, "keep connections alive"));
  CHECK(any_contains(advice, "saving 120.0 ms a call"));
}

TEST_CASE("dominant server processing points at Telegram's side") {
  CHECK(any_contains(advise({cold_https(1), warm_https(2, Micros(400000))}), "Telegram's side"));
  CHECK_FALSE(any_contains(advise({cold_https(1), warm_https(2, Micros(20000))}), "Telegram's side"));
}

TEST_CASE("Bot API errors are explained") {
  CHECK(any_contains(advise({api_error(401, "Unauthorized")}), "token is wrong"));
  CHECK(any_contains(advise({api_error(404, "Not Found")}), "API URL is wrong"));
  CHECK(any_contains(advise({api_error(400, "Bad Request: chat not found")}), "must start the bot"));
  auto limited = api_error(429, "Too Many Requests: retry after 9");
  limited.retry_after = std::chrono::seconds(9);
  CHECK(any_contains(advise({limited}), "wait 9 s"));
}

TEST_CASE("transport failures are explained once, not once per request") {
  const auto advice = advise({refused(1), refused(2), refused(3)});
  CHECK(any_contains(advice, "refused"));
  CHECK(advice.size() == 1);
  auto dns = refused();
  dns.response.curl_code = 6;
  CHECK(any_contains(advise({dns}), "does not resolve"));
  auto tls = refused();
  tls.response.curl_code = 60;
  CHECK(any_contains(advise({tls}), "--cacert"));
}

TEST_CASE("an answer cut mid-body and a connection closed without an answer are told apart") {
  auto cut = cold_https();
  cut.response.curl_code = 18;
  cut.response.error = "transfer closed with 101 bytes remaining to read";
  const auto cut_advice = advise({cut});
  CHECK(any_contains(cut_advice, "began its answer (HTTP 200)"));
  CHECK(any_contains(cut_advice, "may already have been carried out"));
  auto empty = refused();
  empty.response.curl_code = 52;
  empty.response.error = "Empty reply from server";
  CHECK(any_contains(advise({empty}), "closed the connection without an answer (Empty reply from server)"));
}

TEST_CASE("a clean fast run says nothing needs fixing") {
  // Near the Bot API: small connection phases, little saved by reuse, a quick server.
  auto warm = warm_https(2, Micros(20000));
  auto cold = cold_https(1);
  cold.phases = {Micros(500), Micros(1000), Micros(2000), Micros(20000), Micros(100)};
  cold.response.times.total = Micros(24000);
  const auto advice = advise({cold, warm});
  REQUIRE(advice.size() == 1);
  CHECK(advice[0].starts_with("Nothing to fix"));
}

TEST_CASE("a timeout says whether the connection was made and whether the server then stayed silent") {
  auto timed_out = [](Micros connect, Micros appconnect) {
    botapi::TimingRecord r = cold_https();
    r.response.http_code = 0;
    r.api_ok = false;
    r.response.curl_code = 28;
    r.response.error = "Operation timed out after 1000 milliseconds with 0 bytes received";
    r.response.times = {Micros(4000), connect, appconnect, Micros(0), Micros(0), Micros(1000000), Micros(0), std::nullopt,
                        std::nullopt};
    r.response.times.num_connects = 1;
    return r;
  };
  const auto no_connection = advise({timed_out(Micros(0), Micros(0))});
  CHECK(any_contains(no_connection, "Could not connect in time"));
  CHECK_FALSE(any_contains(no_connection, "did not answer"));
  const auto no_tls = advise({timed_out(Micros(41000), Micros(0))});
  CHECK(any_contains(no_tls, "TLS handshake did not finish"));
  const auto silent = advise({timed_out(Micros(41000), Micros(119000))});
  CHECK(any_contains(silent, "Connected, but the server did not answer in time"));
  CHECK_FALSE(any_contains(silent, "Could not connect"));
  auto reused = timed_out(Micros(0), Micros(0));
  reused.phases.reused = true;  // a kept-alive connection: connected before this request began
  CHECK(any_contains(advise({reused}), "server did not answer in time"));
}
