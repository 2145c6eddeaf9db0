// The measurement lab: two network namespaces joined by tests/lab/delay_line (a link with a known
// one-way delay D). Proves that a TCP connect across it takes 2D + the line's own overhead, that a
// closed port answers "refused" after ~2D and that an address with nothing behind it never answers.
// Needs root and /dev/net/tun; otherwise every test reports why and is skipped (exit 77 -> ctest SKIP).
// No traffic leaves the namespaces: every address used lives only inside them (TEST-NET-2).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab/network_namespace.hpp"
#include "support/skip.hpp"

namespace {

using tgperf::test::lab::capture;
using tgperf::test::lab::NetworkNamespace;
using tgperf::test::lab::Needs;
using tgperf::test::lab::run;
using tgperf::test::lab::skip_unless_lab;
using tgperf::test::lab::tgperf_ping_in;

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::duration<double, std::milli>;

constexpr const char* kAddrA = "198.51.100.1";
constexpr const char* kAddrB = "198.51.100.2";
constexpr const char* kNothing = "198.51.100.3";  // routed towards B, where nothing answers

// Two namespaces, A (198.51.100.1) and B (198.51.100.2), joined by a delay line of one-way delay D.
// Everything is torn down in the destructor: the line first, then the namespaces.
class Lab {
public:
  // `drop_first_syn_every` K > 0: the line loses the first SYN of every Kth connection.
  explicit Lab(std::chrono::microseconds delay, unsigned drop_first_syn_every = 0)
      : delay_(delay), drop_every_(drop_first_syn_every) {
    try {
      start_line();
      for (const auto& [ns, addr] : {std::pair{&a_, kAddrA}, std::pair{&b_, kAddrB}}) {
        run("ip -n " + ns->name() + " addr add " + addr + "/24 dev tgplab0");
        run("ip -n " + ns->name() + " link set tgplab0 up");
      }
      // B is not a router (forwarding is off in a new namespace); the blackhole makes the drop explicit.
      run("ip -n " + b_.name() + " route add blackhole " + kNothing + "/32");
    } catch (...) {
      stop_line();
      throw;
    }
  }
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;
  ~Lab() { stop_line(); }

  [[nodiscard]] const NetworkNamespace& ns_a() const { return a_; }
  [[nodiscard]] const NetworkNamespace& ns_b() const { return b_; }
  [[nodiscard]] std::chrono::microseconds delay() const { return delay_; }

private:
  void start_line() {
    int out[2];
    if (::pipe(out) != 0) {
      throw std::runtime_error("pipe");
    }
    const auto us = std::to_string(delay_.count());
    const auto drop = std::to_string(drop_every_);
    line_pid_ = ::fork();
    if (line_pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a killed test takes its children with it
      ::dup2(out[1], STDOUT_FILENO);
      ::execl(TGPERF_DELAY_LINE, TGPERF_DELAY_LINE, a_.name().c_str(), "tgplab0", b_.name().c_str(), "tgplab0",
              us.c_str(), drop.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // The devices exist once the line says "ready" (or it died: EOF).
    char buf[16] = {};
    const ssize_t n = ::read(out[0], buf, sizeof buf - 1);
    ::close(out[0]);
    if (line_pid_ < 0 || n <= 0 || std::string(buf).rfind("ready", 0) != 0) {
      throw std::runtime_error("delay line did not start");
    }
  }

  void stop_line() noexcept {
    if (line_pid_ > 0) {
      ::kill(line_pid_, SIGTERM);
      ::waitpid(line_pid_, nullptr, 0);
      line_pid_ = -1;
    }
  }

  std::chrono::microseconds delay_;
  unsigned drop_every_ = 0;
  NetworkNamespace a_{"a"};
  NetworkNamespace b_{"b"};
  pid_t line_pid_ = -1;
};

sockaddr_in address(const char* ip, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, ip, &sa.sin_addr);
  return sa;
}

// A listening socket on B's address, ephemeral port.
struct Listener {
  int fd;
  std::uint16_t port;
};
Listener listen_in_b(const Lab& lab) {
  Listener listener{-1, 0};
  listener.fd = lab.ns_b().listen_on(kAddrB, listener.port);
  REQUIRE(listener.fd >= 0);
  return listener;
}

enum class Outcome { connected, refused, timed_out, other };
struct Connect {
  Outcome outcome;
  Ms elapsed;
};

// One TCP connect from namespace A; the time from connect() to the answer (SYN-ACK or RST).
Connect connect_from_a(const Lab& lab, const char* ip, std::uint16_t port, std::chrono::milliseconds timeout) {
  const int s = lab.ns_a().socket(AF_INET);
  ::fcntl(s, F_SETFL, O_NONBLOCK);
  const auto sa = address(ip, port);
  const auto start = Clock::now();
  int rc = ::connect(s, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  Outcome outcome = Outcome::other;
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{s, POLLOUT, 0};
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      outcome = Outcome::timed_out;
    } else {
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
      outcome = err == 0 ? Outcome::connected : err == ECONNREFUSED ? Outcome::refused : Outcome::other;
    }
  } else if (rc == 0) {
    outcome = Outcome::connected;
  }
  const Ms elapsed = Clock::now() - start;
  ::close(s);
  return {outcome, elapsed};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// `n` plain connects from A to `listener` in B, each accepted and closed again: their times (ms).
std::vector<double> plain_connects(const Lab& lab, const Listener& listener, int n) {
  std::vector<double> times;
  for (int i = 0; i < n; ++i) {
    const auto c = connect_from_a(lab, kAddrB, listener.port, std::chrono::milliseconds(2000));
    REQUIRE(c.outcome == Outcome::connected);
    times.push_back(c.elapsed.count());
    const int accepted = ::accept(listener.fd, nullptr, nullptr);
    if (accepted >= 0) {
      ::close(accepted);
    }
  }
  return times;
}

// A port on B's address nobody listens on (a listener's, closed again): B answers SYNs with RST.
std::uint16_t closed_port_in_b(const Lab& lab) {
  const auto listener = listen_in_b(lab);
  ::close(listener.fd);
  return listener.port;
}

// Plain connects across the line: each >= 2D, and the median tells the line's own overhead.
void plain_connect_proves_delay(std::chrono::microseconds delay) {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(delay);
  const auto listener = listen_in_b(lab);
  const double two_d = 2 * Ms(delay).count();
  const auto rtts = plain_connects(lab, listener, 10);
  const double med = median(rtts);
  const double overhead = med - two_d;
  std::printf("lab D=%.1f ms: plain connect min %.3f ms, median %.3f ms, max %.3f ms; line overhead %.3f ms\n",
              Ms(delay).count(), *std::min_element(rtts.begin(), rtts.end()), med,
              *std::max_element(rtts.begin(), rtts.end()), overhead);
  for (const double rtt : rtts) {
    CHECK(rtt >= two_d);  // a connect cannot beat the link
  }
  // A SYN delayed twice (or a line that ignores D) would put the median at >= 3D; the overhead is
  // printed so the README can quote it, not asserted against a wall-clock threshold.
  CHECK(med < 3 * Ms(delay).count() + 1.0);
  ::close(listener.fd);
}

// `tgperf ping --json ARGS` run inside namespace A, killed after 30 s; its document.
nlohmann::json tgperf_ping_in_a(const Lab& lab, const std::string& args) {
  const auto text = tgperf_ping_in(lab.ns_a(), "--json " + args);
  INFO("tgperf ping --json " << args << "\n" << text);
  REQUIRE(nlohmann::json::accept(text));
  return nlohmann::json::parse(text);
}

// tgperf ping across the line: every RTT >= 2D, the median within 2D + the line's overhead (measured
// with plain connects in the same lab) + 0.5 ms.
void ping_matches_the_line(std::chrono::microseconds delay) {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(delay);
  const auto listener = listen_in_b(lab);
  const double two_d = 2 * Ms(delay).count();
  // The bound is a median against a median, 0.5 ms apart, on a shared 2-core CI machine: a burst of
  // other work during one measurement can cost more than that. So a miss is measured once more
  // (overhead and ping both, 20 samples each); the second measurement decides. The bound is not
  // widened, and a systematic excess (an extra round trip, time outside connect()) misses twice.
  double med = 0, overhead = 0;
  std::vector<double> rtts;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    overhead = median(plain_connects(lab, listener, 20)) - two_d;
    const auto doc = tgperf_ping_in_a(
        lab, "-c 20 -i 20ms -W 2 " + std::string(kAddrB) + ":" + std::to_string(listener.port));
    rtts.clear();
    for (const auto& probe : doc.at("probes")) {
      REQUIRE(probe.at("status") == "connected");
      rtts.push_back(probe.at("rtt_ms").get<double>());
    }
    REQUIRE(rtts.size() == 20);
    med = median(rtts);
    std::printf("lab D=%.1f ms (attempt %d): tgperf ping min %.3f median %.3f max %.3f ms; plain-connect overhead "
                "%.3f ms; bound 2D+overhead+0.5 = %.3f ms\n",
                Ms(delay).count(), attempt, *std::min_element(rtts.begin(), rtts.end()), med,
                *std::max_element(rtts.begin(), rtts.end()), overhead, two_d + overhead + 0.5);
    if (med <= two_d + overhead + 0.5) break;
  }
  for (const double rtt : rtts) {
    CHECK(rtt >= two_d);
  }
  CHECK(med <= two_d + overhead + 0.5);
  ::close(listener.fd);
}

// `tgperf serve --tls` inside namespace B; stopped (SIGINT) in the destructor.
class FarServer {
public:
  FarServer(const Lab& lab, const std::string& latency) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a killed test takes its children with it
      ::dup2(out[1], STDOUT_FILENO);
      const auto listen = std::string(kAddrB) + ":0";
      ::execlp("ip", "ip", "netns", "exec", lab.ns_b().name().c_str(), TGPERF_BINARY, "serve", "--tls", "--listen",
               listen.c_str(), "--latency", latency.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // The banner's first two lines: the URL and the certificate path.
    FILE* banner = ::fdopen(out[0], "r");
    char line[512];
    for (int i = 0; i < 2 && std::fgets(line, sizeof line, banner) != nullptr; ++i) {
      std::string text(line);
      if (auto at = text.find("https://"); at != std::string::npos) {
        url_ = text.substr(at, text.find(' ', at) - at);
      }
      if (auto at = text.find("certificate: "); at != std::string::npos) {
        at += 13;
        cert_ = text.substr(at, text.find(' ', at) - at);
      }
    }
    banner_ = banner;
  }
  FarServer(const FarServer&) = delete;
  FarServer& operator=(const FarServer&) = delete;
  ~FarServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGINT);
      ::waitpid(pid_, nullptr, 0);
    }
    if (banner_ != nullptr) {
      std::fclose(banner_);
    }
  }
  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] const std::string& cert() const { return cert_; }

private:
  pid_t pid_ = -1;
  FILE* banner_ = nullptr;
  std::string url_;
  std::string cert_;
};

// curl printed nothing (not installed): its figures stay 0.
bool curl_total_missing(double total) { return total <= 0.0; }

bool within_5pct(double measured, double expected) { return std::abs(measured - expected) <= 0.05 * expected; }

}  // namespace

TEST_CASE("tgperf curl-timing across a 20 ms line: connect, TLS, server and reused phases in RTTs", "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(20));
  const auto listener = listen_in_b(lab);
  const double rtt = median(plain_connects(lab, listener, 7));
  ::close(listener.fd);
  const double latency = 10.0;
  FarServer server(lab, "10ms");
  REQUIRE(!server.url().empty());
  REQUIRE(!server.cert().empty());
  const auto ns = "timeout -s KILL 60 ip netns exec " + lab.ns_a().name() + " ";
  // The generated certificate names localhost: ask for localhost and resolve it to B's address.
  const auto port = server.url().substr(server.url().rfind(':') + 1);
  const auto base = "https://localhost:" + port;
  const auto resolve = " --resolve localhost:" + port + ":" + kAddrB + " ";
  const auto curl_timing = [&](const std::string& args) {
    const auto text = capture("TGPERF_TOKEN=123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678 " + ns + TGPERF_BINARY +
                              " curl-timing --api-url " + base + resolve + "--cacert " + server.cert() + " " + args +
                              " --json 2>/dev/null");
    INFO(text);
    REQUIRE(nlohmann::json::accept(text));
    return nlohmann::json::parse(text);
  };
  // Every figure is a median of 5 (a single cold request used to decide, and one scheduling hiccup
  // of the shared 2-core CI machine, on top of about 7 ms of TLS CPU time, could push it past 5%).
  // The bounds themselves are unchanged.
  constexpr int kSamples = 5;
  // Each cold sample is its own process, as each of curl's below is: within one process libcurl
  // keeps the CA store it has parsed, so a second fresh connection skips that CPU (about 4 ms here)
  // and tgperf's median TLS phase would be compared with curl's full first-handshake cost.
  std::vector<double> tcps, tlss, srvs;
  for (int i = 0; i < kSamples; ++i) {
    const auto cold_doc = curl_timing("-n 1");
    const auto& cold_reqs = cold_doc.at("requests");
    REQUIRE(cold_reqs.size() == 1);
    const auto& req = cold_reqs[0];
    REQUIRE(req.at("connection") == "new");
    const auto& phases = req.at("phases_ms");
    tcps.push_back(phases.at("tcp").get<double>());
    tlss.push_back(phases.at("tls").get<double>());
    srvs.push_back(phases.at("server").get<double>());
  }
  const double tcp = median(tcps), tls = median(tlss), srv = median(srvs);
  const auto warm_doc = curl_timing("-n " + std::to_string(kSamples + 1) + " -i 10ms");
  const auto& reqs = warm_doc.at("requests");
  REQUIRE(reqs.size() == kSamples + 1);
  REQUIRE(reqs[0].at("connection") == "new");
  std::vector<double> reused_totals;
  for (std::size_t i = 1; i < reqs.size(); ++i) {
    CHECK(reqs[i].at("connection") == "reused");
    reused_totals.push_back(reqs[i].at("time_total").get<double>() * 1000.0);
  }
  // curl itself across the same link: cold requests one process each, then the same requests on
  // one connection (one process, the URL repeated).
  const auto url = base + "/bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678/getMe";
  const auto curl_cmd = ns + "curl -s --noproxy '*'" + resolve + "--cacert " + server.cert() +
                        " -w '%{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total}\\n' ";
  std::vector<double> curl_tcps, curl_tlss, curl_srvs, curl_reused_totals;
  double c_total = 0;
  for (int i = 0; i < kSamples; ++i) {
    std::istringstream curl(capture(curl_cmd + "-o /dev/null " + url));
    double c_connect = 0, c_app = 0, c_start = 0;
    c_total = 0;
    curl >> c_connect >> c_app >> c_start >> c_total;
    if (curl_total_missing(c_total)) break;
    curl_tcps.push_back(c_connect * 1000);
    curl_tlss.push_back((c_app - c_connect) * 1000);
    curl_srvs.push_back((c_start - c_app) * 1000);
  }
  if (!curl_total_missing(c_total)) {
    std::string urls;
    for (int i = 0; i <= kSamples; ++i) urls += " -o /dev/null " + url;
    std::istringstream curl(capture(curl_cmd + urls));
    double connect = 0, app = 0, start = 0, total = 0;
    for (int i = 0; curl >> connect >> app >> start >> total; ++i) {
      if (i > 0) curl_reused_totals.push_back(total * 1000);
    }
  }
  std::printf("lab D=20 ms, L=10 ms (medians of %d): RTT (plain connect) %.3f ms; tgperf tcp %.3f tls %.3f "
              "server %.3f reused %.3f ms\n",
              kSamples, rtt, tcp, tls, srv, median(reused_totals));
  CHECK(within_5pct(tcp, rtt));
  CHECK(tls >= rtt);  // TLS 1.3: one round trip, plus the handshake's own CPU time
  CHECK(within_5pct(srv, rtt + latency));
  CHECK(within_5pct(median(reused_totals), rtt + latency));
  if (curl_total_missing(c_total)) {
    tgperf::test::report_skip("curl is not installed, no curl -w comparison");
    return;
  }
  REQUIRE(curl_reused_totals.size() == kSamples);
  const double curl_tcp = median(curl_tcps), curl_tls = median(curl_tlss), curl_srv = median(curl_srvs);
  const double curl_reused = median(curl_reused_totals);
  std::printf("lab D=20 ms, L=10 ms (medians of %d): curl -w tcp %.3f tls %.3f server %.3f reused %.3f ms\n",
              kSamples, curl_tcp, curl_tls, curl_srv, curl_reused);
  CHECK(within_5pct(tcp, curl_tcp));
  // TLS is one round trip plus the handshake's CPU time on both ends, and that CPU share swings with
  // the machine's load; curl's also carries a new process's first handshake (certificate store,
  // cipher set-up). Its lower bound, the RTT, is checked above; here: no more than curl reports.
  CHECK(tls <= 1.05 * curl_tls);
  CHECK(within_5pct(srv, curl_srv));
  CHECK(within_5pct(median(reused_totals), curl_reused));
}

TEST_CASE("tgperf ping across a 20 ms line: every RTT >= 2D, median within 2D + overhead + 0.5 ms", "[lab]") {
  ping_matches_the_line(std::chrono::milliseconds(20));
}

TEST_CASE("tgperf ping across a 5 ms line: every RTT >= 2D, median within 2D + overhead + 0.5 ms", "[lab]") {
  ping_matches_the_line(std::chrono::milliseconds(5));
}

TEST_CASE("tgperf ping to a closed port across a 20 ms line: refused after 2D", "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(20));
  const auto doc =
      tgperf_ping_in_a(lab, "-c 2 -i 50ms -W 2 " + std::string(kAddrB) + ":" + std::to_string(closed_port_in_b(lab)));
  // Both probes must be there, each refused with its RTT: an empty run proves nothing.
  REQUIRE(doc.at("probes").size() == 2);
  for (const auto& probe : doc.at("probes")) {
    CHECK(probe.at("status") == "refused");
    REQUIRE(probe.at("rtt_ms").is_number());
    std::printf("lab D=20 ms: tgperf ping closed port refused after %.3f ms\n", probe.at("rtt_ms").get<double>());
    CHECK(probe.at("rtt_ms").get<double>() >= 40.0);
  }
}

TEST_CASE("tgperf ping to an address with nothing behind it across the line times out", "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(20));
  const auto doc = tgperf_ping_in_a(lab, "-c 2 -i 100ms -W 300ms " + std::string(kNothing) + ":443");
  REQUIRE(doc.at("probes").size() == 2);
  for (const auto& probe : doc.at("probes")) {
    CHECK(probe.at("status") == "timeout");
  }
}

TEST_CASE("plain connect across a 20 ms line takes 2D plus the line's overhead", "[lab]") {
  plain_connect_proves_delay(std::chrono::milliseconds(20));
}

TEST_CASE("plain connect across a 5 ms line takes 2D plus the line's overhead", "[lab]") {
  plain_connect_proves_delay(std::chrono::milliseconds(5));
}

TEST_CASE("a closed port across a 20 ms line answers refused after 2D", "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(20));
  const auto c = connect_from_a(lab, kAddrB, closed_port_in_b(lab), std::chrono::milliseconds(2000));
  std::printf("lab D=20 ms: closed port refused after %.3f ms\n", c.elapsed.count());
  CHECK(c.outcome == Outcome::refused);
  CHECK(c.elapsed.count() >= 40.0);
}

TEST_CASE("an address with nothing behind it across the line never answers", "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(20));
  const auto c = connect_from_a(lab, kNothing, 9, std::chrono::milliseconds(300));
  std::printf("lab D=20 ms: %s -> %s\n", kNothing, c.outcome == Outcome::timed_out ? "timed out" : "answered");
  CHECK(c.outcome == Outcome::timed_out);
}

TEST_CASE("tgperf ping notes the SYN retransmissions of a line that loses every other connection's first SYN",
          "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(5), 2);
  const auto listener = listen_in_b(lab);
  const auto text =
      tgperf_ping_in(lab.ns_a(), std::string("-c 6 -i 50ms -W 3 ") + kAddrB + ":" + std::to_string(listener.port));
  INFO(text);
  std::printf("lab D=5 ms, every 2nd first SYN lost:\n%s\n", text.c_str());
  // Every probe connects (the retransmitted SYN passes), so ping's own accounting sees no loss...
  CHECK(text.find("6 probes transmitted, 6 connected, 0 refused, 0 lost, 0% loss") != std::string::npos);
  // ...and the note names it: the 2nd, 4th and 6th connects waited out the 1 s SYN timeout.
  CHECK(text.find("note: 3 of 6 connected probes took about 1 s longer than the fastest") != std::string::npos);
  // Two peaks (about 2D and 1 s + 2D): the histogram shows without --histogram.
  CHECK(text.find("rtt histogram (ms):") != std::string::npos);
  ::close(listener.fd);
}

TEST_CASE("tgperf ping across an intact line has no SYN-retransmission note", "[lab]") {
  skip_unless_lab(Needs::namespaces_and_tun);
  Lab lab(std::chrono::milliseconds(5));
  const auto listener = listen_in_b(lab);
  const auto text =
      tgperf_ping_in(lab.ns_a(), std::string("-c 6 -i 50ms -W 3 ") + kAddrB + ":" + std::to_string(listener.port));
  INFO(text);
  CHECK(text.find("6 probes transmitted, 6 connected") != std::string::npos);
  CHECK(text.find("note: ") == std::string::npos);
  ::close(listener.fd);
}
