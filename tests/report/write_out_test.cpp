#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "report/timing_fixtures.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/report/write_out.hpp"

using tgperf::report::WriteOutTemplate;
using namespace timing_fixtures;

namespace {
std::string render_template(const char* text, const botapi::TimingRecord& r) { return WriteOutTemplate::parse(text).render(r); }
}  // namespace

TEST_CASE("time variables print seconds with six decimals, like curl") {
  const auto r = cold_https();
  CHECK(render_template("%{time_namelookup} %{time_connect} %{time_appconnect} %{time_total}", r) ==
        "0.004000 0.041000 0.119000 0.156300");
  CHECK(render_template("%{time_redirect}", r) == "0.000000");
}

TEST_CASE("http_code has three digits, response_code does not") {
  auto r = refused();
  CHECK(render_template("%{http_code}|%{response_code}", r) == "000|0");
  CHECK(render_template("%{http_code}", cold_https()) == "200");
}

TEST_CASE("connection variables and sizes print as curl prints them") {
  const auto r = cold_https();
  CHECK(render_template("%{remote_ip}:%{remote_port} %{local_ip} %{http_version} %{num_connects} %{size_download} "
               "%{speed_download} %{method} %{scheme}",
               r) == "149.154.167.220:443 10.0.0.2 1.1 1 250 1603 GET HTTPS");  // libcurl 7's casing
  CHECK(render_template("%{num_connects}", warm_https(2)) == "0");
}

TEST_CASE("curl's spelling of HTTP versions: 1.0 is 1, unknown is 0") {
  auto r = cold_https();
  r.response.http_version = "1.0";
  CHECK(render_template("%{http_version}", r) == "1");
  CHECK(render_template("%{http_version}", refused()) == "0");
}

TEST_CASE("url_effective is the redacted URL") {
  CHECK(render_template("%{url_effective}", cold_https()) == "https://api.telegram.org/bot123456:***/getMe");
}

TEST_CASE("exitcode and errormsg describe a failed transfer") {
  CHECK(render_template("%{exitcode}: %{errormsg}", refused()) ==
        "7: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server");
  CHECK(render_template("[%{errormsg}]", cold_https()) == "[]");
}

TEST_CASE("escapes and %% are expanded, unknown escapes and an unclosed %{ print as they are") {
  const auto r = cold_https();
  CHECK(render_template(R"(a\nb\tc\\d%%e\qf)", r) == "a\nb\tc\\d%e\\qf");
  CHECK(render_template("x %{time_total", r) == "x %{time_total");
  CHECK(render_template("100% sure", r) == "100% sure");
}

TEST_CASE("an unknown variable is a usage error naming it") {
  try {
    WriteOutTemplate::parse("ok %{time_total} %{time_nonsense}\\n");
    FAIL("accepted an unknown variable");
  } catch (const tgperf::UsageError& e) {
    CHECK(std::string(e.what()) == "unknown --write-out variable 'time_nonsense'");
  }
}

TEST_CASE("%{json} is one JSON object with curl's names, numbers and nulls") {
  const auto j = nlohmann::json::parse(render_template("%{json}", cold_https()));
  CHECK(j["http_code"] == 200);
  CHECK(j["time_total"].get<double>() == Approx(0.1563));
  CHECK(j["errormsg"].is_null());
  CHECK(j["url_effective"] == "https://api.telegram.org/bot123456:***/getMe");
  CHECK(j["http_version"] == "1.1");
  const auto failed = nlohmann::json::parse(render_template("%{json}", refused()));
  CHECK(failed["exitcode"] == 7);
  CHECK(failed["scheme"].is_null());
  CHECK(failed["http_code"] == 0);
}

TEST_CASE("a write-out @FILE drops the file's line breaks, as curl does") {
  const std::string path = "write_out_test_format.txt";
  {
    std::ofstream f(path);
    f << "\\n\nA: %{http_code}\\n\nB\\n\n";
  }
  const std::string text = tgperf::report::load_write_out_argument("@" + path);
  std::remove(path.c_str());
  CHECK(text == "\\nA: %{http_code}\\nB\\n");
  CHECK(WriteOutTemplate::parse(text).render(cold_https()) == "\nA: 200\nB\n");
  CHECK(tgperf::report::load_write_out_argument("plain %{json}") == "plain %{json}");
  CHECK_THROWS_AS(tgperf::report::load_write_out_argument("@/nonexistent/format.txt"), tgperf::UsageError);
}

TEST_CASE("the shipped wiki format prints the seven time lines") {
  const std::string text =
      tgperf::report::load_write_out_argument(std::string("@") + TGPERF_SOURCE_DIR + "/formats/curl-format.txt");
  const std::string out = WriteOutTemplate::parse(text).render(cold_https());
  CHECK(out ==
        "\ntime_namelookup: 0.004000\ntime_connect: 0.041000\ntime_appconnect: 0.119000\n"
        "time_pretransfer: 0.119100\ntime_redirect: 0.000000\ntime_starttransfer: 0.156000\n"
        "----------\ntime_total: 0.156300\n\n");
}
