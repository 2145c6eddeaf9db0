// tgperf ping and the names it resolves, inside network namespaces the test creates: a name with
// an IPv4 and an IPv6 address (--all-addresses), and a name whose address changes between lookups
// (--resolve-every), switched with the namespace's own /etc/hosts. `ip netns exec NS` bind-mounts
// /etc/netns/NS/hosts over /etc/hosts for the command it runs; the test rewrites that file in
// place (same inode) while tgperf runs. Needs root; otherwise skipped (exit 77 -> ctest SKIP).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "lab/network_namespace.hpp"
#include "support/child_process.hpp"
#include "support/skip.hpp"
#include "support/text_count.hpp"

namespace {

using tgperf::test::lab::Needs;
using tgperf::test::lab::NetworkNamespace;
using tgperf::test::lab::skip_unless_lab;
using tgperf::test::lab::tgperf_ping_in;
using tgperf::test::count_of;

// A network namespace with its own /etc/hosts (`ip netns exec` bind-mounts it over /etc/hosts);
// the file is removed in the destructor.
class HostsNamespace {
public:
  explicit HostsNamespace(const std::string& hosts) : ns_("hosts") {
    ::mkdir("/etc/netns", 0755);
    ::mkdir(dir().c_str(), 0755);
    write_hosts(hosts);
  }
  HostsNamespace(const HostsNamespace&) = delete;
  HostsNamespace& operator=(const HostsNamespace&) = delete;
  ~HostsNamespace() {
    std::remove((dir() + "/hosts").c_str());
    ::rmdir(dir().c_str());
  }

  [[nodiscard]] const NetworkNamespace& ns() const { return ns_; }
  [[nodiscard]] const std::string& name() const { return ns_.name(); }

  // Rewrites the namespace's hosts file in place: a new file renamed over it would leave the
  // running command's bind mount on the old one.
  void write_hosts(const std::string& text) const {
    const int fd = ::open((dir() + "/hosts").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }

  [[nodiscard]] int listen_on(const std::string& address, std::uint16_t& port) const {
    return ns_.listen_on(address, port);
  }

private:
  [[nodiscard]] std::string dir() const { return "/etc/netns/" + ns_.name(); }
  NetworkNamespace ns_;
};

std::string ping_in(const HostsNamespace& hosts, const std::string& args) { return tgperf_ping_in(hosts.ns(), args); }

}  // namespace

TEST_CASE("tgperf ping --all-addresses probes the IPv4 and the IPv6 address of one name and compares them",
          "[lab]") {
  skip_unless_lab(Needs::namespaces);
  HostsNamespace ns("127.0.0.1 dual.test\n::1 dual.test\n");
  std::uint16_t port = 0;
  const int v4 = ns.listen_on("127.0.0.1", port);
  REQUIRE(v4 >= 0);
  const int v6 = ns.listen_on("::1", port);  // the same port
  if (v6 < 0) {
    ::close(v4);
    TGPERF_SKIP("::1 cannot be bound in a new namespace (IPv6 disabled)");
  }
  const auto target = " dual.test:" + std::to_string(port);

  const auto text = ping_in(ns, "--all-addresses -c 3 -i 10ms" + target);
  INFO(text);
  std::printf("%s\n", text.c_str());
  CHECK(text.find("TCPING dual.test (127.0.0.1) port " + std::to_string(port)) != std::string::npos);
  CHECK(text.find("TCPING dual.test (::1) port " + std::to_string(port)) != std::string::npos);
  CHECK(count_of(text, "IPv4 127.0.0.1  connected to 127.0.0.1:") == 3);
  CHECK(count_of(text, "IPv6 ::1        connected to [::1]:") == 3);
  CHECK(text.find("--- ranked by median rtt ---") != std::string::npos);
  const bool v6_slower = text.find("IPv6 ::1 is ") != std::string::npos &&
                         text.find(" ms slower than IPv4 127.0.0.1 at the median") != std::string::npos;
  const bool v4_slower = text.find("IPv4 127.0.0.1 is ") != std::string::npos &&
                         text.find(" ms slower than IPv6 ::1 at the median") != std::string::npos;
  CHECK(v6_slower != v4_slower);  // exactly one comparison line, either way round

  const auto doc = nlohmann::json::parse(ping_in(ns, "--all-addresses --json -c 3 -i 10ms" + target));
  REQUIRE(doc.at("targets").size() == 2);
  std::set<std::string> families;
  for (const auto& t : doc.at("targets")) {
    families.insert(t.at("target").at("family").get<std::string>());
    CHECK(t.at("summary").at("connected") == 3);
  }
  CHECK(families == std::set<std::string>{"ipv4", "ipv6"});
  CHECK(doc.at("ranking").size() == 2);

  const auto metrics = ping_in(ns, "--all-addresses --format openmetrics -c 2 -i 10ms" + target);
  CHECK(metrics.find("address=\"127.0.0.1\"") != std::string::npos);
  CHECK(metrics.find("address=\"::1\"") != std::string::npos);

  // -6 restricts it to the IPv6 address: one target, today's single-target JSON shape.
  const auto only_v6 = nlohmann::json::parse(ping_in(ns, "--all-addresses -6 --json -c 1" + target));
  CHECK_FALSE(only_v6.contains("targets"));
  CHECK(only_v6.at("target").at("address") == "::1");
  ::close(v4);
  ::close(v6);
}

TEST_CASE("tgperf ping --resolve-every marks the first probe to the address a name changed to", "[lab]") {
  skip_unless_lab(Needs::namespaces);
  HostsNamespace ns("127.0.0.1 moving.test\n");
  std::uint16_t port = 0;
  const int first = ns.listen_on("127.0.0.1", port);
  const int second = ns.listen_on("127.0.0.2", port);
  REQUIRE(first >= 0);
  REQUIRE(second >= 0);

  // ip netns exec execs the command: SIGINT to this pid reaches tgperf.
  tgperf::test::ChildProcess ping({"/usr/sbin/ip", "netns", "exec", ns.name(), TGPERF_BINARY, "ping", "-i", "20ms",
                                   "--resolve-every", "1", "moving.test:" + std::to_string(port)});

  // Switch the name once two probes went to its first address; interrupt once a probe is marked.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  const auto left = [&give_up] {
    return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(give_up - std::chrono::steady_clock::now()),
                    std::chrono::milliseconds(0));
  };
  bool interrupted = false;
  if (ping.await("seq=2 ", false, left())) {
    ns.write_hosts("127.0.0.2 moving.test\n");
    if (ping.await("[new address]\n", false, left())) {
      ping.interrupt();
      interrupted = true;
    }
  }
  const auto status = ping.finish(left());
  const std::string out = ping.out();
  if (ping.timed_out()) {
    FAIL("no [new address] mark after the switch:\n" << out);
  }
  INFO(out);
  std::printf("%s\n", out.c_str());
  REQUIRE(interrupted);
  CHECK(status.has_value());  // it exited, not killed by a signal
  const auto p = std::to_string(port);
  CHECK(count_of(out, "[new address]") == 1);
  const auto mark = out.find("[new address]");
  const auto line_start = out.rfind('\n', mark) + 1;
  CHECK(out.substr(line_start, mark - line_start).starts_with("connected to 127.0.0.2:" + p + ": seq="));
  // Every probe before the marked one went to the first address.
  CHECK(count_of(out.substr(0, line_start), "connected to 127.0.0.1:" + p) == count_of(out.substr(0, line_start), "seq="));
  CHECK(out.find("addresses: 127.0.0.1 ") != std::string::npos);
  CHECK(out.find(", 127.0.0.2 ") != std::string::npos);
  ::close(first);
  ::close(second);
}
