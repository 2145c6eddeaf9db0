// tgperf ping run as a process against loopback only: a listener (connected), a closed port
// (refused), -c/-w ends, SIGINT, JSON, CSV and every bad input of the issue.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <regex>
#include <sstream>

#include "integration/ping_fixtures.hpp"
#include "support/skip.hpp"
#include "tgperf/probe/local_listener.hpp"

using tgperf::test::count_of;
using tgperf::test::ping;
using tgperf::test::run_process;
using Listener = tgperf::test::LoopbackListener;
using namespace std::chrono_literals;

namespace {

// A loopback listener that never answers: its accept queue (backlog 0) is filled by our own
// connects, after which Linux drops every further SYN (the next retransmission comes a second
// later). `port` is empty when this kernel completed every handshake anyway.
struct FullListener {
  Listener listener{"127.0.0.1", 0};
  std::vector<int> clients;
  std::optional<std::uint16_t> port;
  FullListener() {
    const auto addr = listener.socket_address();
    for (int i = 0; i < 16; ++i) {
      const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      clients.push_back(c);
      ::connect(c, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
      pollfd pfd{c, POLLOUT, 0};
      if (::poll(&pfd, 1, 500) == 0) {  // this handshake did not complete: the queue is full
        port = listener.port;
        break;
      }
    }
  }
  ~FullListener() {
    for (int c : clients) ::close(c);
  }
  FullListener(const FullListener&) = delete;
  FullListener& operator=(const FullListener&) = delete;
};

// The summary ping should print for these RTTs, recomputed here from the definitions (iputils'
// population mdev, the type-7 median, jitter as the mean absolute difference of consecutive
// samples in arrival order), independently of stats::summarize.
struct Recomputed {
  double avg = 0, mdev = 0, p50 = 0, jitter = 0;
};

Recomputed recompute(const std::vector<double>& rtts) {
  REQUIRE(rtts.size() >= 2);
  Recomputed r;
  const double n = static_cast<double>(rtts.size());
  double sum = 0, squares = 0;
  for (double x : rtts) {
    sum += x;
    squares += x * x;
  }
  r.avg = sum / n;
  r.mdev = std::sqrt(std::max(0.0, squares / n - r.avg * r.avg));
  std::vector<double> sorted = rtts;
  std::sort(sorted.begin(), sorted.end());
  const double rank = 0.5 * (n - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const auto above = std::min(below + 1, sorted.size() - 1);
  r.p50 = sorted[below] + (rank - static_cast<double>(below)) * (sorted[above] - sorted[below]);
  double steps = 0;
  for (std::size_t i = 1; i < rtts.size(); ++i) steps += std::abs(rtts[i] - rtts[i - 1]);
  r.jitter = steps / (n - 1);
  return r;
}

}  // namespace

TEST_CASE("ping binary: a loopback listener is connected, exit 0", "[ping]") {
  Listener listener;
  const auto r = ping({"-c", "3", "-i", "50ms", "127.0.0.1:" + std::to_string(listener.port)});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("TCPING 127.0.0.1 (127.0.0.1) port " + std::to_string(listener.port)) == 0);
  CHECK(count_of(r.out, "connected to 127.0.0.1:") == 3);
  CHECK(r.out.find("3 probes transmitted, 3 connected, 0 refused, 0 lost, 0% loss") != std::string::npos);
  CHECK(r.out.find("rtt min/avg/max/mdev = ") != std::string::npos);
  CHECK(r.out.find("verdict: ") != std::string::npos);
}

TEST_CASE("ping binary: a closed loopback port is refused and counted apart, exit 1", "[ping]") {
  const auto port = std::to_string(tgperf::test::closed_loopback_port());
  const auto r = ping({"-c", "2", "-i", "10ms", "-p", port, "127.0.0.1"});
  CHECK(r.exit_code == 1);
  CHECK(count_of(r.out, "refused by 127.0.0.1:" + port + ": seq=") == 2);
  CHECK(r.out.find("(port closed)") != std::string::npos);
  CHECK(r.out.find("2 probes transmitted, 0 connected, 2 refused, 0 lost, 0% loss") != std::string::npos);
}

TEST_CASE("ping binary: --local works offline", "[ping]") {
  const auto r = ping({"--local", "-c", "2", "-i", "10ms"});
  CHECK(r.exit_code == 0);
  CHECK(count_of(r.out, "connected to 127.0.0.1:") == 2);
}

TEST_CASE("ping binary: IPv6 loopback connects to a listener on ::1 and is refused on a closed port", "[ping]") {
  // ::1 may be disabled in a container: then this is a reported skip, never a pass.
  const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  sockaddr_in6 addr{};
  addr.sin6_family = AF_INET6;
  addr.sin6_addr = in6addr_loopback;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    if (fd >= 0) ::close(fd);
    TGPERF_SKIP("::1 is not available here (no IPv6 loopback): the IPv6 ping cannot be checked");
  }
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const auto port = std::to_string(ntohs(addr.sin6_port));
  const auto open = ping({"-c", "2", "-i", "10ms", "-6", "[::1]:" + port});
  ::close(fd);
  INFO(open.out << open.err);
  CHECK(open.exit_code == 0);
  CHECK(open.out.find("TCPING ::1 (::1) port " + port) == 0);
  CHECK(count_of(open.out, "connected to [::1]:" + port) == 2);
  CHECK(open.out.find("2 probes transmitted, 2 connected, 0 refused, 0 lost") != std::string::npos);
  const auto closed_port = std::to_string(tgperf::test::closed_loopback_port());
  const auto closed = ping({"-c", "1", "-6", "[::1]:" + closed_port});
  CHECK(closed.exit_code == 1);
  CHECK(closed.out.find("1 probe transmitted, 0 connected, 1 refused") != std::string::npos);
}

TEST_CASE("ping binary: the deadline ends a run without a count", "[ping]") {
  Listener listener;
  const auto r = ping({"-w", "300ms", "-i", "50ms", "127.0.0.1:" + std::to_string(listener.port)});
  CHECK(r.exit_code == 0);
  CHECK_FALSE(r.timed_out);
  CHECK(r.out.find("tcping statistics") != std::string::npos);
  CHECK(count_of(r.out, "connected to") >= 1);
}

TEST_CASE("ping binary: SIGINT mid-run prints the summary and exits by the result", "[ping]") {
  Listener listener;
  std::string port = std::to_string(listener.port);
  for (const bool refused : {false, true}) {
    if (refused) port = std::to_string(tgperf::test::closed_loopback_port());
    tgperf::test::ChildProcess child(tgperf::test::tgperf_argv({"ping", "-i", "100ms", "127.0.0.1:" + port}));
    const auto give_up = std::chrono::steady_clock::now() + 20s;
    // Lines arrive as they happen even into a pipe: interrupt once the second probe is printed.
    const bool signalled = child.await("seq=2 ", false, 20s);
    if (signalled) child.interrupt();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - std::chrono::steady_clock::now());
    const auto status = child.finish(std::max(left, 0ms));
    if (child.timed_out()) FAIL("ping did not end after SIGINT");
    const std::string out = child.out();
    REQUIRE(signalled);
    REQUIRE(status);  // it exited, not killed by a signal
    CHECK(*status == (refused ? 1 : 0));
    CHECK(out.find("--- 127.0.0.1 tcping statistics ---") != std::string::npos);
    CHECK(out.find(refused ? " 0 connected, " : " 0 refused, ") != std::string::npos);
  }
}

TEST_CASE("ping binary: --json parses and matches the probes", "[ping]") {
  Listener listener;
  const auto r = ping({"--json", "-c", "3", "-i", "10ms", "127.0.0.1:" + std::to_string(listener.port)});
  CHECK(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["target"]["address"] == "127.0.0.1");
  CHECK(doc["target"]["port"] == listener.port);
  CHECK(doc["target"]["family"] == "ipv4");
  REQUIRE(doc["probes"].size() == 3);
  double min = 1e9, max = 0;
  for (int i = 0; i < 3; ++i) {
    CHECK(doc["probes"][i]["seq"] == i + 1);
    CHECK(doc["probes"][i]["status"] == "connected");
    const double rtt = doc["probes"][i]["rtt_ms"];
    min = std::min(min, rtt);
    max = std::max(max, rtt);
  }
  CHECK(doc["summary"]["transmitted"] == 3);
  CHECK(doc["summary"]["connected"] == 3);
  CHECK(doc["summary"]["min_ms"] == min);
  CHECK(doc["summary"]["max_ms"] == max);
  for (const char* key : {"avg_ms", "mdev_ms", "p50_ms", "p90_ms", "p99_ms", "jitter_ms", "loss_pct"}) {
    CHECK(doc["summary"][key].is_number());
  }
  CHECK(doc["verdict"]["rating"].is_string());
  CHECK(doc["verdict"]["stable"].is_boolean());
}

TEST_CASE("ping binary: avg, mdev, p50 and jitter are what the printed probes give", "[ping]") {
  Listener listener;
  const std::string target = "127.0.0.1:" + std::to_string(listener.port);
  SECTION("--json: recomputed from rtt_ms, to rounding of doubles") {
    const auto r = ping({"--json", "-c", "7", "-i", "10ms", target});
    REQUIRE(r.exit_code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    std::vector<double> rtts;
    for (const auto& probe : doc["probes"]) rtts.push_back(probe["rtt_ms"].get<double>());
    REQUIRE(rtts.size() == 7);
    const auto expected = recompute(rtts);
    const auto& s = doc["summary"];
    CHECK(s["avg_ms"].get<double>() == Approx(expected.avg).epsilon(1e-9).margin(1e-9));
    CHECK(s["mdev_ms"].get<double>() == Approx(expected.mdev).epsilon(1e-6).margin(1e-9));
    CHECK(s["p50_ms"].get<double>() == Approx(expected.p50).epsilon(1e-9).margin(1e-9));
    CHECK(s["jitter_ms"].get<double>() == Approx(expected.jitter).epsilon(1e-9).margin(1e-9));
  }
  SECTION("text: recomputed from the time= of each line, to the printed 3 decimals") {
    const auto r = ping({"-c", "6", "-i", "10ms", target});
    REQUIRE(r.exit_code == 0);
    INFO(r.out);
    std::vector<double> rtts;
    const std::regex time_re(R"(time=([0-9.]+) ms)");
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), time_re); it != std::sregex_iterator(); ++it) {
      rtts.push_back(std::stod((*it)[1].str()));
    }
    REQUIRE(rtts.size() == 6);
    std::smatch m;
    const std::regex line1(R"(rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms)");
    const std::regex line2(R"(rtt p50/p90/p99 = ([0-9.]+)/([0-9.]+)/([0-9.]+) ms, jitter ([0-9.]+) ms)");
    REQUIRE(std::regex_search(r.out, m, line1));
    const double avg = std::stod(m[2]), mdev = std::stod(m[4]);
    CHECK(std::stod(m[1]) == *std::min_element(rtts.begin(), rtts.end()));
    CHECK(std::stod(m[3]) == *std::max_element(rtts.begin(), rtts.end()));
    REQUIRE(std::regex_search(r.out, m, line2));
    const double p50 = std::stod(m[1]), jitter = std::stod(m[4]);
    // Each printed RTT is off by up to 0.0005 ms, each printed figure by 0.0005 ms more: 0.002 ms
    // covers both for these statistics (a difference of two RTTs is off by 0.001 at most).
    const auto expected = recompute(rtts);
    CHECK(std::abs(avg - expected.avg) <= 0.002);
    CHECK(std::abs(mdev - expected.mdev) <= 0.002);
    CHECK(std::abs(p50 - expected.p50) <= 0.002);
    CHECK(std::abs(jitter - expected.jitter) <= 0.002);
  }
}

TEST_CASE("ping binary: --csv prints a header and a row per probe", "[ping]") {
  const auto r = ping({"--csv", "-c", "2", "-i", "10ms", "127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port())});
  CHECK(r.exit_code == 1);
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == "seq,status,rtt_ms,error");
  CHECK(rows[1].starts_with("1,refused,"));
  CHECK(rows[2].starts_with("2,refused,"));
}

TEST_CASE("ping binary: every bad input exits 2 with one line on stderr", "[ping]") {
  const std::vector<std::vector<std::string>> bad = {
      {"-p", "0", "127.0.0.1"},   {"127.0.0.1:65536"},  {"-p", "70000", "127.0.0.1"}, {"-c", "0", "127.0.0.1"},
      {"-c", "-3", "127.0.0.1"},  {"-i", "0", "127.0.0.1"}, {"-i", "fast", "127.0.0.1"}, {"-W", "0", "127.0.0.1"},
      {"-W", "-1s", "127.0.0.1"}, {"-W", "2x", "127.0.0.1"}, {"-4", "::1"},              {"-4", "[::1]:80"},
      {""},                       {":443"},             {"no-such-host.invalid"},     {"--source", "::1", "127.0.0.1"},
  };
  for (const auto& args : bad) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    INFO(shown);
    const auto r = ping(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("tgperf: "));
    CHECK(count_of(r.err, "\n") == 1);
  }
}

TEST_CASE("ping binary: a listener with a full accept queue gives timeouts, 100% loss, exit 1", "[ping]") {
  // Linux drops a SYN while the listener's accept queue is full, and the next retransmission comes
  // after a second: with -W 200ms every probe times out, on loopback and without any other host.
  FullListener listener;
  if (!listener.port) TGPERF_SKIP("this kernel completed every handshake; no timeout to observe on loopback");
  const auto r = ping({"-c", "2", "-i", "10ms", "-W", "200ms", "127.0.0.1:" + std::to_string(*listener.port)});
  CHECK(r.exit_code == 1);
  CHECK(count_of(r.out, "timeout after 200 ms") == 2);
  CHECK(r.out.find("2 probes transmitted, 0 connected, 0 refused, 2 lost, 100% loss") != std::string::npos);
}

TEST_CASE("ping binary: a probe cut short by the -w deadline is not counted", "[ping]") {
  FullListener listener;
  if (!listener.port) TGPERF_SKIP("this kernel completed every handshake; no unanswered probe on loopback");
  const std::string target = "127.0.0.1:" + std::to_string(*listener.port);
  SECTION("the deadline comes before the first probe's timeout: nothing was measured") {
    const auto r = ping({"-w", "300ms", "-W", "5s", target});
    INFO(r.out << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("timeout") == std::string::npos);
    CHECK(r.out.find("0 probes transmitted, 0 connected, 0 refused, 0 lost") != std::string::npos);
  }
  SECTION("probes that ran their full -W are timeouts; the one the deadline cut is not") {
    // 200 ms timeouts in a 500 ms run: at most two complete (a third cannot start before 400 ms).
    const auto r = ping({"--json", "-w", "500ms", "-W", "200ms", "-i", "10ms", target});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    const auto doc = nlohmann::json::parse(r.out);
    const auto transmitted = doc["summary"]["transmitted"].get<std::size_t>();
    CHECK(transmitted <= 2);
    CHECK(doc["probes"].size() == transmitted);
    CHECK(doc["summary"]["lost"] == transmitted);
    for (const auto& probe : doc["probes"]) CHECK(probe["status"] == "timeout");
  }
}

TEST_CASE("ping: the 10 ms interval floor spares loopback and lifts with --flood", "[ping]") {
  // Issue 33, item 9: the floor guards other people's servers; a target on this machine has none.
  tgperf::probe::LocalListener listener;  // accepts every connection: no backlog to fill
  const std::string target = "127.0.0.1:" + std::to_string(listener.port());
  const auto fast = ping({"-c", "3", "-i", "1ms", target});
  INFO(fast.out << fast.err);
  CHECK(fast.exit_code == 0);
  CHECK(fast.out.find("3 probes transmitted") != std::string::npos);
  CHECK(ping({"--local", "-c", "2", "-i", "1ms"}).exit_code == 0);
  CHECK(ping({"-c", "2", "-i", "1ms", "--flood", target}).exit_code == 0);

  // The floor at its edge, against a documentation address reached through lo only (SO_BINDTODEVICE:
  // no route, so nothing leaves the machine): 10ms is allowed, one microsecond less is not.
  const auto below = ping({"-c", "1", "-i", "9999us", "-W", "100ms", "-I", "lo", "192.0.2.1"});
  CHECK(below.exit_code == 2);
  CHECK(below.err.find("-i 9.999ms is below 10ms") != std::string::npos);
  const auto at = ping({"-c", "1", "-i", "10ms", "-W", "100ms", "-I", "lo", "192.0.2.1"});
  INFO(at.err);
  CHECK(at.exit_code != 2);
  CHECK(at.err.find("below") == std::string::npos);
}
