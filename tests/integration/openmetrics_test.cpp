// `--format openmetrics` / `--format prometheus` of ping and curl-timing, end to end: the built binary
// on loopback, its output read by the strict OpenMetrics reader (tests/support) and by Prometheus'
// own parsers through promtool:
//   - `promtool check metrics` (Prometheus text; what node_exporter's textfile collector reads);
//   - `promtool tsdb create-blocks-from openmetrics` (Prometheus' OpenMetrics parser; it needs a
//     timestamp on every sample for backfilling, so the test appends one to each sample line).
// Also -w @formats/NAME lookup and the conflicts between output flags.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "support/openmetrics_parser.hpp"
#include "support/skip.hpp"
#include "tgperf/emulator/emulator.hpp"

using tgperf::test::run_process;
using tgperf::test::RunResult;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPromtool = "/usr/bin/promtool";
// A real-looking token: the emulator accepts it, and its secret must not appear in any output.
const std::string kMetricsToken = "5301837442:AAFq3sZ7xWc9Lr0pNeVb2Ht6KdYuG4mJiQo";
const std::string kMetricsSecret = kMetricsToken.substr(kMetricsToken.find(':') + 1);

RunResult run_tgperf_args(std::vector<std::string> args) {
  args.insert(args.begin(), TGPERF_BINARY);
  return run_process(args, {}, "", 60s);
}

// False (a skip reported: the test's own checks still run) when promtool is missing.
bool have_promtool() {
  if (::access(kPromtool, X_OK) == 0) return true;
  tgperf::test::report_skip(std::string(kPromtool) + " is not installed (packaging/install-deps.sh installs it)");
  return false;
}

// promtool check metrics reads stdin; it prints the problems it finds and exits non-zero on any.
void check_with_promtool_lint(const std::string& prometheus_text) {
  const auto r = run_process({kPromtool, "check", "metrics"}, {}, prometheus_text, 60s);
  INFO("promtool: " << r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out + r.err == "");
}

// Prometheus' OpenMetrics parser, through promtool's backfill: a timestamp is appended to every
// sample line (backfilling needs one); anything else is our exposition as written.
void check_with_promtool_openmetrics(const std::string& openmetrics_text) {
  std::string stamped;
  std::size_t start = 0;
  while (start < openmetrics_text.size()) {
    const auto end = openmetrics_text.find('\n', start);
    const auto line = openmetrics_text.substr(start, end - start);
    stamped += line + (line.starts_with("#") ? "" : " 1700000000") + "\n";
    start = end + 1;
  }
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tgperf-om-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "input.om") << stamped;
  const auto r = run_process({kPromtool, "tsdb", "create-blocks-from", "openmetrics", (dir / "input.om").string(),
                              (dir / "blocks").string()},
                             {}, "", 120s);
  INFO("promtool: " << r.out << r.err);
  CHECK(r.exit_code == 0);
  fs::remove_all(dir);
}

std::string last_line(const std::string& text) {
  REQUIRE(!text.empty());
  REQUIRE(text.back() == '\n');
  const auto start = text.rfind('\n', text.size() - 2);
  return text.substr(start == std::string::npos ? 0 : start + 1, text.size() - 1 - (start == std::string::npos ? 0 : start + 1));
}

const tgperf::test::OmSample* find_sample(const tgperf::test::OmFamily& f, const std::string& name,
                                          const std::map<std::string, std::string>& labels) {
  for (const auto& s : f.samples) {
    bool all = s.name == name;
    for (const auto& [k, v] : labels) all = all && s.labels.count(k) != 0 && s.labels.at(k) == v;
    if (all) return &s;
  }
  return nullptr;
}

double sum_of(const tgperf::test::OmFamily& f, const std::string& name) {
  double total = 0;
  for (const auto& s : f.samples) total += s.name == name ? s.value : 0;
  return total;
}

// What we promise of every summary: the three quantiles (when observed) in order, then _sum and
// _count, and no NaN.
void check_summaries(const tgperf::test::OmFamily& f) {
  REQUIRE(f.type == "summary");
  CHECK(f.unit == "seconds");
  for (const auto& s : f.samples) {
    if (s.name != f.name + "_count") continue;
    std::map<std::string, std::string> quantile_labels = s.labels;
    std::vector<std::string> quantiles;
    for (const auto& q : f.samples) {
      if (q.name != f.name) continue;
      auto labels = q.labels;
      const auto quantile = labels.at("quantile");
      labels.erase("quantile");
      if (labels == quantile_labels) quantiles.push_back(quantile);
    }
    if (s.value > 0) {
      CHECK(quantiles == std::vector<std::string>{"0.5", "0.9", "0.99"});
    } else {
      CHECK(quantiles.empty());
    }
  }
}

}  // namespace

TEST_CASE("openmetrics: tgperf ping --local -c 3 --format openmetrics is strict OpenMetrics", "[openmetrics][ping]") {
  const auto r = run_tgperf_args({"ping", "--local", "-c", "3", "-i", "50ms", "--format", "openmetrics"});
  INFO("stdout:\n" << r.out << "stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(last_line(r.out) == "# EOF");
  const auto parsed = tgperf::test::parse_openmetrics(r.out);  // throws on any rule broken

  const auto* probes = parsed.find("tgperf_ping_probes");
  REQUIRE(probes != nullptr);
  CHECK(probes->type == "counter");
  CHECK_FALSE(probes->help.empty());
  CHECK(sum_of(*probes, "tgperf_ping_probes_total") == 3);
  CHECK(find_sample(*probes, "tgperf_ping_probes_total", {{"status", "ok"}})->value == 3);

  const auto* rtt = parsed.find("tgperf_ping_rtt_seconds");
  REQUIRE(rtt != nullptr);
  check_summaries(*rtt);
  CHECK(find_sample(*rtt, "tgperf_ping_rtt_seconds_count", {})->value == 3);
  const double p50 = find_sample(*rtt, "tgperf_ping_rtt_seconds", {{"quantile", "0.5"}})->value;
  const double p99 = find_sample(*rtt, "tgperf_ping_rtt_seconds", {{"quantile", "0.99"}})->value;
  CHECK(p50 > 0);
  CHECK(p99 >= p50);
  // Seconds, not milliseconds: a loopback handshake is far below one second.
  CHECK(p99 < 1.0);
  if (have_promtool()) check_with_promtool_openmetrics(r.out);
}

TEST_CASE("openmetrics: tgperf ping --format prometheus passes promtool check metrics", "[openmetrics][ping]") {
  const auto r = run_tgperf_args({"ping", "--local", "-c", "3", "-i", "50ms", "--format", "prometheus"});
  INFO("stdout:\n" << r.out << "stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("# TYPE tgperf_ping_probes_total counter\n") != std::string::npos);
  CHECK(r.out.find("# EOF") == std::string::npos);
  CHECK(r.out.find("TCPING") == std::string::npos);  // nothing but metrics, even without -q
  if (have_promtool()) check_with_promtool_lint(r.out);
}

TEST_CASE("openmetrics: a refused port counts as status=\"refused\", no RTT quantiles, exit 1", "[openmetrics][ping]") {
  const auto port = std::to_string(tgperf::test::closed_loopback_port());
  const auto r = run_tgperf_args({"ping", "127.0.0.1", "-p", port, "-c", "2", "-i", "10ms", "--format", "openmetrics"});
  INFO("stdout:\n" << r.out << "stderr: " << r.err);
  CHECK(r.exit_code == 1);  // as for text output: nothing connected
  const auto parsed = tgperf::test::parse_openmetrics(r.out);
  const auto* probes = parsed.find("tgperf_ping_probes");
  REQUIRE(probes != nullptr);
  const std::map<std::string, std::string> refused{{"target", "127.0.0.1:" + port}, {"status", "refused"}};
  REQUIRE(find_sample(*probes, "tgperf_ping_probes_total", refused) != nullptr);
  CHECK(find_sample(*probes, "tgperf_ping_probes_total", refused)->value == 2);
  CHECK(find_sample(*probes, "tgperf_ping_probes_total", {{"status", "ok"}})->value == 0);
  CHECK(sum_of(*probes, "tgperf_ping_probes_total") == 2);
  const auto* rtt = parsed.find("tgperf_ping_rtt_seconds");
  REQUIRE(rtt != nullptr);
  check_summaries(*rtt);
  CHECK(find_sample(*rtt, "tgperf_ping_rtt_seconds_count", {})->value == 0);
  CHECK(r.out.find("NaN") == std::string::npos);
  if (have_promtool()) {
    check_with_promtool_openmetrics(r.out);
    check_with_promtool_lint(
        run_tgperf_args({"ping", "127.0.0.1", "-p", port, "-c", "2", "-i", "10ms", "--format", "prometheus"}).out);
  }
}

TEST_CASE("openmetrics: tgperf curl-timing --local -n 3 --format openmetrics: requests and phases",
          "[openmetrics][curl-timing]") {
  const auto r = run_tgperf_args({"curl-timing", "--local", "-n", "3", "-i", "0", "--format", "openmetrics"});
  INFO("stdout:\n" << r.out << "stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(last_line(r.out) == "# EOF");
  const auto parsed = tgperf::test::parse_openmetrics(r.out);
  for (const auto& f : parsed.families) {
    CHECK_FALSE(f.type.empty());
    CHECK_FALSE(f.help.empty());
  }
  const auto* requests = parsed.find("tgperf_curl_timing_requests");
  REQUIRE(requests != nullptr);
  CHECK(requests->type == "counter");
  CHECK(sum_of(*requests, "tgperf_curl_timing_requests_total") == 3);
  CHECK(find_sample(*requests, "tgperf_curl_timing_requests_total", {{"status", "ok"}, {"method", "getMe"}})->value == 3);

  const auto* phases = parsed.find("tgperf_curl_timing_phase_seconds");
  REQUIRE(phases != nullptr);
  check_summaries(*phases);
  // One new connection then two reuses (the default): the counts say so, and a reused connection
  // has no dns/tcp/tls series at all.
  const auto count = [&](const char* connection, const char* phase) {
    const auto* s = find_sample(*phases, "tgperf_curl_timing_phase_seconds_count", {{"connection", connection}, {"phase", phase}});
    return s == nullptr ? -1.0 : s->value;
  };
  for (const char* phase : {"dns", "tcp", "tls", "server", "transfer", "total"}) {
    CAPTURE(phase);
    CHECK(count("new", phase) == 1);
  }
  for (const char* phase : {"dns", "tcp", "tls"}) CHECK(count("reused", phase) == -1);
  for (const char* phase : {"server", "transfer", "total"}) CHECK(count("reused", phase) == 2);
  for (const auto& s : phases->samples) CHECK(s.value >= 0);
  // The demo token of --local is not exposed either.
  CHECK(r.out.find("tgperf-local-demo-token") == std::string::npos);
  if (have_promtool()) {
    check_with_promtool_openmetrics(r.out);
    const auto prom = run_tgperf_args({"curl-timing", "--local", "-n", "3", "-i", "0", "--format", "prometheus"});
    REQUIRE(prom.exit_code == 0);
    check_with_promtool_lint(prom.out);
  }
}

TEST_CASE("openmetrics: a real-looking token never reaches the metrics, also on a 401", "[openmetrics][curl-timing]") {
  tgperf::emulator::EmulatorOptions options;
  options.tokens = {kMetricsToken};
  tgperf::emulator::Emulator emu(options);
  const std::string bot_id = kMetricsToken.substr(0, kMetricsToken.find(':'));

  const auto ok = run_tgperf_args({"curl-timing", "--token", kMetricsToken, "--api-url", emu.base_url(), "-n", "2", "-i", "0",
                          "--format", "openmetrics"});
  INFO("stdout:\n" << ok.out << "stderr: " << ok.err);
  REQUIRE(ok.exit_code == 0);
  const auto parsed = tgperf::test::parse_openmetrics(ok.out);
  CHECK(find_sample(*parsed.find("tgperf_curl_timing_requests"), "tgperf_curl_timing_requests_total",
                    {{"status", "ok"}, {"host", emu.base_url().substr(std::string("http://").size())}})
            ->value == 2);
  CHECK(ok.out.find(kMetricsSecret) == std::string::npos);
  CHECK(ok.out.find(bot_id) == std::string::npos);  // not even the id: labels carry no URL path
  CHECK(ok.err.find(kMetricsSecret) == std::string::npos);

  // A token the server refuses: counted as api_error, exit 1 as in text mode, still no secret.
  const std::string wrong = "5301837442:AAWrongWrongWrongWrongWrongWrong0123";
  const auto refused = run_tgperf_args({"curl-timing", "--token", wrong, "--api-url", emu.base_url(), "-n", "2", "-i", "0",
                               "--format", "prometheus"});
  INFO("stdout:\n" << refused.out << "stderr: " << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.find("tgperf_curl_timing_requests_total{method=\"getMe\",host=\"" +
                         emu.base_url().substr(std::string("http://").size()) + "\",status=\"api_error\"} 2\n") !=
        std::string::npos);
  CHECK(refused.out.find(wrong.substr(wrong.find(':') + 1)) == std::string::npos);
  CHECK(refused.err.find(wrong.substr(wrong.find(':') + 1)) == std::string::npos);
}

TEST_CASE("openmetrics: output flags that contradict each other exit 2 with one line", "[openmetrics]") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"ping", "--local", "-c", "1", "--json", "--format", "openmetrics"},
           {"ping", "--local", "-c", "1", "--csv", "--format", "prometheus"},
           {"ping", "--local", "-c", "1", "--format", "yaml"},
           {"curl-timing", "--local", "-n", "1", "--json", "--format", "openmetrics"},
           {"curl-timing", "--local", "-n", "1", "--format", "openmetrics", "-w", "%{time_total}"},
           {"curl-timing", "--local", "-n", "1", "--format", "csv"}}) {
    const auto r = run_tgperf_args(args);
    CAPTURE(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("tgperf: "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("write-out: @formats/NAME is read from the working directory, and a missing one names both places",
          "[write_out][curl-timing]") {
  namespace fs = std::filesystem;
  const fs::path cwd = fs::temp_directory_path() / ("tgperf-wcwd-" + std::to_string(::getpid()));
  fs::create_directories(cwd / "formats");
  std::ofstream(cwd / "formats" / "mine.txt") << "code=%{http_code} connects=%{num_connects}\\n";
  // run_process has no working-directory option: sh changes it, then becomes tgperf.
  const auto in_cwd = [&](const std::string& w) {
    return run_process({"/bin/sh", "-c", "cd \"$0\" && exec \"$1\" curl-timing --local -n 2 -i 0 -w \"$2\"",
                        cwd.string(), TGPERF_BINARY, w},
                       {}, "", 60s);
  };
  const auto r = in_cwd("@formats/mine.txt");
  INFO("stdout:\n" << r.out << "stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "code=200 connects=1\ncode=200 connects=0\n");

  const auto missing = in_cwd("@formats/no-such-format.txt");
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("./formats/no-such-format.txt") != std::string::npos);
  CHECK(missing.err.find("/share/tgperf/formats/no-such-format.txt") != std::string::npos);
  fs::remove_all(cwd);
}
