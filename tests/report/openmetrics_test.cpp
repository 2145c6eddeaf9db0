// The metrics writer (report/openmetrics.hpp) and the ping / curl-timing mappings, read back with
// the strict OpenMetrics reader in tests/support.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>

#include "support/openmetrics_parser.hpp"
#include "report/timing_fixtures.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/report/openmetrics.hpp"
#include "tgperf/report/openmetrics_ping.hpp"
#include "tgperf/report/openmetrics_timing.hpp"
#include "tgperf/report/write_out_file.hpp"

using namespace tgperf;
using namespace tgperf::report;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

MetricFamily latency_family(SummaryValue value) {
  return MetricFamily{"demo_latency_seconds", MetricType::summary, "seconds", "Demo latency", {{{{"host", "h"}}, value}}};
}

probe::ResolvedTarget loopback_target() {
  return probe::resolve_target(probe::TargetSpec{"127.0.0.1", 443}, probe::AddressFamily::ipv4);
}

probe::ProbeResult probe_of(int seq, probe::ProbeStatus status, std::optional<double> rtt_ms) {
  probe::ProbeResult p;
  p.seq = seq;
  p.status = status;
  if (rtt_ms) p.rtt = std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(*rtt_ms));
  return p;
}

const tgperf::test::OmSample* sample_with(const tgperf::test::OmFamily& family, const std::string& name,
                                          const std::map<std::string, std::string>& labels) {
  for (const auto& s : family.samples) {
    if (s.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : labels) {
      const auto it = s.labels.find(k);
      all = all && it != s.labels.end() && it->second == v;
    }
    if (all) return &s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("openmetrics: label values escape backslash, double quote and line feed, and read back", "[openmetrics]") {
  CHECK(escape_label_value("plain") == "plain");
  CHECK(escape_label_value("a\\b") == "a\\\\b");
  CHECK(escape_label_value("say \"hi\"") == "say \\\"hi\\\"");
  CHECK(escape_label_value("two\nlines") == "two\\nlines");

  const std::string nasty = "C:\\path \"quoted\"\nnext line {curly}, comma=1";
  const std::vector<MetricFamily> families{
      {"demo_events", MetricType::counter, "", "Help with \"quotes\", a \\ and\na line feed", {{{{"where", nasty}}, 2.0}}}};
  const auto text = render_exposition(families, ExpositionFormat::openmetrics);
  const auto parsed = tgperf::test::parse_openmetrics(text);
  REQUIRE(parsed.families.size() == 1);
  REQUIRE(parsed.families[0].samples.size() == 1);
  CHECK(parsed.families[0].samples[0].labels.at("where") == nasty);
  CHECK(parsed.families[0].help == "Help with \"quotes\", a \\ and\na line feed");
  CHECK(lines_of(text).size() == 4);  // TYPE, HELP, the sample, EOF: the line feeds stayed escaped
}

TEST_CASE("openmetrics: a counter is family 'x' with sample 'x_total' and the exposition ends in # EOF", "[openmetrics]") {
  const std::vector<MetricFamily> families{{"demo_probes", MetricType::counter, "", "Probes", {{{{"status", "ok"}}, 3.0}}},
                                           {"demo_up", MetricType::gauge, "", "Up", {{{}, 1.0}}}};
  const auto lines = lines_of(render_exposition(families, ExpositionFormat::openmetrics));
  CHECK(lines == std::vector<std::string>{"# TYPE demo_probes counter", "# HELP demo_probes Probes",
                                          "demo_probes_total{status=\"ok\"} 3", "# TYPE demo_up gauge",
                                          "# HELP demo_up Up", "demo_up 1.0", "# EOF"});
}

TEST_CASE("openmetrics: the prometheus dialect names the counter 'x_total' in HELP/TYPE, no UNIT, no # EOF",
          "[openmetrics]") {
  const std::vector<MetricFamily> families{{"demo_probes", MetricType::counter, "", "Probes", {{{{"status", "ok"}}, 3.0}}},
                                           latency_family({2, 0.5, {{0.5, 0.25}}})};
  const auto lines = lines_of(render_exposition(families, ExpositionFormat::prometheus));
  CHECK(lines == std::vector<std::string>{"# HELP demo_probes_total Probes", "# TYPE demo_probes_total counter",
                                          "demo_probes_total{status=\"ok\"} 3",
                                          "# HELP demo_latency_seconds Demo latency",
                                          "# TYPE demo_latency_seconds summary",
                                          "demo_latency_seconds{host=\"h\",quantile=\"0.5\"} 0.25",
                                          "demo_latency_seconds_sum{host=\"h\"} 0.5",
                                          "demo_latency_seconds_count{host=\"h\"} 2"});
}

TEST_CASE("openmetrics: a summary has TYPE, UNIT, HELP, its quantiles in order, then _sum and _count", "[openmetrics]") {
  const std::vector<MetricFamily> families{latency_family({3, 0.75, {{0.5, 0.2}, {0.9, 0.3}, {0.99, 0.35}}})};
  const auto lines = lines_of(render_exposition(families, ExpositionFormat::openmetrics));
  CHECK(lines == std::vector<std::string>{"# TYPE demo_latency_seconds summary",
                                          "# UNIT demo_latency_seconds seconds",
                                          "# HELP demo_latency_seconds Demo latency",
                                          "demo_latency_seconds{host=\"h\",quantile=\"0.5\"} 0.2",
                                          "demo_latency_seconds{host=\"h\",quantile=\"0.9\"} 0.3",
                                          "demo_latency_seconds{host=\"h\",quantile=\"0.99\"} 0.35",
                                          "demo_latency_seconds_sum{host=\"h\"} 0.75",
                                          "demo_latency_seconds_count{host=\"h\"} 3",
                                          "# EOF"});
}

TEST_CASE("openmetrics: an empty series exposes count 0 and sum 0.0, no quantile and no NaN", "[openmetrics]") {
  const std::vector<MetricFamily> families{latency_family({0, 0, {{0.5, 0}, {0.9, 0}}})};
  for (auto format : {ExpositionFormat::openmetrics, ExpositionFormat::prometheus}) {
    const auto text = render_exposition(families, format);
    CHECK(text.find("NaN") == std::string::npos);
    CHECK(text.find("quantile") == std::string::npos);
    CHECK(text.find("demo_latency_seconds_count{host=\"h\"} 0\n") != std::string::npos);
    CHECK(text.find("demo_latency_seconds_sum{host=\"h\"} 0.0\n") != std::string::npos);
  }
  CHECK_NOTHROW(tgperf::test::parse_openmetrics(render_exposition(families, ExpositionFormat::openmetrics)));
}

TEST_CASE("openmetrics: numbers are the shortest text that reads back as the same double", "[openmetrics]") {
  CHECK(format_metric_number(0.5) == "0.5");
  CHECK(format_metric_number(0.99) == "0.99");
  CHECK(format_metric_number(1.0) == "1.0");
  CHECK(format_metric_number(0.0) == "0.0");
  CHECK(format_metric_number(12.0) == "12.0");
  CHECK(format_metric_number(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_metric_number(-std::numeric_limits<double>::infinity()) == "-Inf");
  for (double v : {0.000123456789, 1.0 / 3.0, 0.036912, 1e-7, 123456.789, 2.5e-05, 0.1 + 0.2}) {
    const auto text = format_metric_number(v);
    CAPTURE(text);
    CHECK(std::strtod(text.c_str(), nullptr) == v);
    CHECK(text.find_first_of(".e") != std::string::npos);  // reads as a float
    CHECK(tgperf::test::om_detail::number_ok(text));
  }
}

TEST_CASE("openmetrics: families the format cannot express are refused", "[openmetrics]") {
  auto refuses = [](MetricFamily f) {
    const std::vector<MetricFamily> families{std::move(f)};
    CHECK_THROWS_AS(render_exposition(families, ExpositionFormat::openmetrics), std::invalid_argument);
  };
  refuses({"demo_latency", MetricType::summary, "seconds", "", {}});          // unit not a suffix
  refuses({"demo_probes_total", MetricType::counter, "", "", {}});            // would be _total_total
  refuses({"demo-probes", MetricType::counter, "", "", {}});                  // bad name
  refuses({"demo_probes", MetricType::counter, "", "", {{{{"bad-label", "x"}}, 1.0}}});
  refuses({"demo_probes", MetricType::counter, "", "", {{{}, -1.0}}});        // counters do not go down
  refuses({"demo_up", MetricType::gauge, "", "", {{{}, std::nan("")}}});      // never invent NaN
  refuses({"demo_seconds", MetricType::summary, "seconds", "", {{{{"quantile", "x"}}, SummaryValue{}}}});
  refuses({"demo_seconds", MetricType::summary, "seconds", "", {{{}, 1.0}}});  // a plain value in a summary
  refuses({"demo_seconds", MetricType::summary, "seconds", "", {{{}, SummaryValue{1, 1, {{1.5, 1}}}}}});
}

TEST_CASE("openmetrics: ping counts every probe once by status and summarises connected RTTs in seconds",
          "[openmetrics][ping]") {
  probe::PingRun run;
  run.probes = {probe_of(1, probe::ProbeStatus::connected, 10.0), probe_of(2, probe::ProbeStatus::refused, 0.2),
                probe_of(3, probe::ProbeStatus::connected, 30.0), probe_of(4, probe::ProbeStatus::timeout, std::nullopt),
                probe_of(5, probe::ProbeStatus::connected, 20.0), probe_of(6, probe::ProbeStatus::error, std::nullopt)};
  const auto target = loopback_target();
  const auto parsed =
      tgperf::test::parse_openmetrics(render_exposition(ping_metrics(target, run), ExpositionFormat::openmetrics));

  const auto* probes = parsed.find("tgperf_ping_probes");
  REQUIRE(probes != nullptr);
  CHECK(probes->type == "counter");
  double total = 0;
  for (const auto& s : probes->samples) {
    CHECK(s.labels.at("target") == "127.0.0.1:443");
    total += s.value;
  }
  CHECK(total == static_cast<double>(run.probes.size()));
  const std::map<std::string, double> expected{{"ok", 3}, {"refused", 1}, {"timeout", 1}, {"unreachable", 0}, {"error", 1}};
  for (const auto& [status, n] : expected) {
    const auto* s = sample_with(*probes, "tgperf_ping_probes_total", {{"status", status}});
    REQUIRE(s != nullptr);
    CHECK(s->value == n);
  }

  const auto* rtt = parsed.find("tgperf_ping_rtt_seconds");
  REQUIRE(rtt != nullptr);
  CHECK(rtt->type == "summary");
  CHECK(rtt->unit == "seconds");
  CHECK(sample_with(*rtt, "tgperf_ping_rtt_seconds_count", {})->value == 3);  // connected only
  CHECK(sample_with(*rtt, "tgperf_ping_rtt_seconds_sum", {})->value == Approx(0.060));
  CHECK(sample_with(*rtt, "tgperf_ping_rtt_seconds", {{"quantile", "0.5"}})->value == Approx(0.020));
  CHECK(sample_with(*rtt, "tgperf_ping_rtt_seconds", {{"quantile", "0.9"}})->value == Approx(0.028));
  CHECK(sample_with(*rtt, "tgperf_ping_rtt_seconds", {{"quantile", "0.99"}})->value == Approx(0.0298));
}

TEST_CASE("openmetrics: a ping run with no connection has no RTT quantiles and no NaN", "[openmetrics][ping]") {
  probe::PingRun run;
  run.probes = {probe_of(1, probe::ProbeStatus::timeout, std::nullopt), probe_of(2, probe::ProbeStatus::refused, 0.1)};
  const auto text = render_exposition(ping_metrics(loopback_target(), run), ExpositionFormat::openmetrics);
  CHECK(text.find("NaN") == std::string::npos);
  const auto parsed = tgperf::test::parse_openmetrics(text);
  const auto* rtt = parsed.find("tgperf_ping_rtt_seconds");
  REQUIRE(rtt != nullptr);
  REQUIRE(rtt->samples.size() == 2);
  CHECK(sample_with(*rtt, "tgperf_ping_rtt_seconds_count", {})->value == 0);
}

TEST_CASE("openmetrics: the ping target label is the name and port given, IPv6 in brackets", "[openmetrics][ping]") {
  probe::ResolvedTarget t;
  t.host = "api.telegram.org";
  t.port = 443;
  CHECK(ping_target_label(t) == "api.telegram.org:443");
  t.host = "::1";
  t.port = 8081;
  CHECK(ping_target_label(t) == "[::1]:8081");
}

TEST_CASE("openmetrics: curl-timing phases per connection kind; a reused connection has no dns/tcp/tls series",
          "[openmetrics][timing]") {
  using namespace timing_fixtures;
  const std::vector<botapi::TimingRecord> records{cold_https(1), warm_https(2, Micros(30000)), warm_https(3, Micros(40000)),
                                          api_error(429, "Too Many Requests: retry after 3", 4), refused(5)};
  const auto summary = summarize_timing(records);
  const auto text = render_exposition(timing_metrics(records, summary, {"getMe", "api.telegram.org"}),
                                      ExpositionFormat::openmetrics);
  const auto parsed = tgperf::test::parse_openmetrics(text);

  const auto* requests = parsed.find("tgperf_curl_timing_requests");
  REQUIRE(requests != nullptr);
  CHECK(requests->type == "counter");
  double total = 0;
  for (const auto& s : requests->samples) total += s.value;
  CHECK(total == 5);
  CHECK(sample_with(*requests, "tgperf_curl_timing_requests_total", {{"status", "ok"}})->value == 3);
  CHECK(sample_with(*requests, "tgperf_curl_timing_requests_total", {{"status", "api_error"}})->value == 1);
  CHECK(sample_with(*requests, "tgperf_curl_timing_requests_total", {{"status", "no_answer"}})->value == 1);
  CHECK(sample_with(*requests, "tgperf_curl_timing_requests_total", {{"status", "malformed"}})->value == 0);

  const auto* phases = parsed.find("tgperf_curl_timing_phase_seconds");
  REQUIRE(phases != nullptr);
  CHECK(phases->unit == "seconds");
  for (const char* phase : {"dns", "tcp", "tls"}) {
    CAPTURE(phase);
    CHECK(sample_with(*phases, "tgperf_curl_timing_phase_seconds_count", {{"connection", "reused"}, {"phase", phase}}) ==
          nullptr);
    // The cold request and the (cold) 429 answer.
    CHECK(sample_with(*phases, "tgperf_curl_timing_phase_seconds_count", {{"connection", "new"}, {"phase", phase}})
              ->value == 2);
  }
  CHECK(sample_with(*phases, "tgperf_curl_timing_phase_seconds", {{"connection", "new"}, {"phase", "tcp"}, {"quantile", "0.5"}})
            ->value == Approx(0.037));
  CHECK(sample_with(*phases, "tgperf_curl_timing_phase_seconds_count", {{"connection", "reused"}, {"phase", "server"}})
            ->value == 2);
  CHECK(sample_with(*phases, "tgperf_curl_timing_phase_seconds_sum", {{"connection", "reused"}, {"phase", "server"}})
            ->value == Approx(0.070));
  CHECK(sample_with(*phases, "tgperf_curl_timing_phase_seconds", {{"connection", "reused"}, {"phase", "server"}, {"quantile", "0.5"}})
            ->value == Approx(0.035));
  for (const auto& s : phases->samples) {
    CHECK(s.value >= 0);
    CHECK(s.labels.at("method") == "getMe");
    CHECK(s.labels.at("host") == "api.telegram.org");
  }
  CHECK(text.find("123456") == std::string::npos);  // nothing of the record URLs (bot id, token) is exposed
}

TEST_CASE("openmetrics: the host label is the API root's host[:port] without scheme, credentials or path",
          "[openmetrics][timing]") {
  CHECK(api_host_label("https://api.telegram.org") == "api.telegram.org");
  CHECK(api_host_label("http://127.0.0.1:8081/") == "127.0.0.1:8081");
  CHECK(api_host_label("https://user:secret@bots.example:8443/prefix/bot123456:ABC") == "bots.example:8443");
  CHECK(api_host_label("https://[::1]:8443?x=1") == "[::1]:8443");
}

TEST_CASE("write-out file: formats/NAME falls back to the installed formats directory", "[write_out_file]") {
  namespace fs = std::filesystem;
  const fs::path installed = fs::temp_directory_path() / ("tgperf-formats-" + std::to_string(::getpid()));
  fs::create_directories(installed);
  std::ofstream(installed / "only-installed.txt") << "%{time_total}\n";

  // Not under the working directory (the test runs in the build tree), present in the install dir.
  REQUIRE_FALSE(fs::exists("formats/only-installed.txt"));
  CHECK(locate_write_out_file("formats/only-installed.txt", installed.string()) ==
        (installed / "only-installed.txt").string());

  // Present under the working directory: that one wins.
  const fs::path local = fs::current_path() / "formats";
  const bool had_local = fs::exists(local);
  fs::create_directories(local);
  std::ofstream(local / "only-installed.txt") << "local\n";
  CHECK(locate_write_out_file("formats/only-installed.txt", installed.string()) == "formats/only-installed.txt");
  fs::remove(local / "only-installed.txt");
  if (!had_local) fs::remove(local);

  // Neither: one error naming both places.
  try {
    locate_write_out_file("formats/missing.txt", installed.string());
    FAIL("no error for a missing format");
  } catch (const UsageError& e) {
    const std::string what = e.what();
    CHECK(what.find("./formats/missing.txt") != std::string::npos);
    CHECK(what.find((installed / "missing.txt").string()) != std::string::npos);
  }
  // Other paths are left alone (the reader reports them).
  CHECK(locate_write_out_file("elsewhere/x.txt", installed.string()) == "elsewhere/x.txt");
  fs::remove_all(installed);
}

TEST_CASE("openmetrics: seconds are rounded to whole nanoseconds, keeping binary noise out", "[openmetrics]") {
  CHECK(format_metric_number(0.021 / 1000.0) != "2.1e-05");  // the noise this guards against
  CHECK(format_metric_number(metric_seconds(0.021 / 1000.0)) == "2.1e-05");
  CHECK(format_metric_number(metric_seconds(0.16193 / 1000.0)) == "0.00016193");
  CHECK(metric_seconds(1.2345678914) == Approx(1.234567891).epsilon(1e-12));
  CHECK(metric_seconds(0.0) == 0.0);
}

TEST_CASE("openmetrics: the strict reader the tests rely on refuses what the specification forbids", "[openmetrics]") {
  using tgperf::test::parse_openmetrics;
  CHECK_NOTHROW(parse_openmetrics("# TYPE a counter\na_total 1\n# EOF\n"));
  CHECK_THROWS(parse_openmetrics("# TYPE a counter\na_total 1\n"));                 // no # EOF
  CHECK_THROWS(parse_openmetrics("# TYPE a counter\na_total 1\n# EOF\nb 1\n"));     // data after it
  CHECK_THROWS(parse_openmetrics("# TYPE a counter\na 1\n# EOF\n"));                // counter sample without _total
  CHECK_THROWS(parse_openmetrics("a 1\n# EOF\n"));                                  // no TYPE
  CHECK_THROWS(parse_openmetrics("# TYPE a gauge\n# a comment\na 1\n# EOF\n"));     // comments are not allowed
  CHECK_THROWS(parse_openmetrics("# TYPE a_s summary\n# UNIT a_s seconds\n# EOF\n"));  // unit not a suffix
  CHECK_THROWS(parse_openmetrics("# TYPE a gauge\na{x=\"1\\t\"} 1\n# EOF\n"));     // undefined escape
  CHECK_THROWS(parse_openmetrics("# TYPE a gauge\na 1 1700000000\n# EOF\n"));       // a timestamp
  CHECK_THROWS(parse_openmetrics("# TYPE a_seconds summary\na_seconds 1\n# EOF\n"));  // quantile sample without label
  CHECK_THROWS(parse_openmetrics("# TYPE a_seconds summary\na_seconds_count 1.5\n# EOF\n"));
  CHECK_THROWS(parse_openmetrics("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n# EOF\n"));  // interleaved
  CHECK_THROWS(parse_openmetrics("# TYPE a gauge\r\na 1\n# EOF\n"));
}

TEST_CASE("write-out file: a directory is refused by name", "[write_out_file]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tgperf-wdir-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  CHECK_THROWS_WITH(locate_write_out_file(dir.string(), "/nonexistent"), Catch::Contains(dir.string()) && Catch::Contains("directory"));
  fs::remove_all(dir);
}
