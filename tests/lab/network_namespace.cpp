#include "lab/network_namespace.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "support/skip.hpp"

namespace tgperf::test::lab {

namespace {

constexpr const char* kPrefix = "tgplab-";

// Why the lab cannot run here, or "" when it can.
std::string lab_unavailable(Needs needs) {
  if (::geteuid() != 0) {
    return "not root (the lab creates network namespaces)";
  }
  if (needs == Needs::namespaces_and_tun && ::access("/dev/net/tun", R_OK | W_OK) != 0) {
    return "/dev/net/tun is missing";
  }
  return "";
}

// Deletes lab namespaces left behind by a lab process that was killed (its pid is gone).
void remove_stale_namespaces() {
  FILE* list = ::popen("ip netns list 2>/dev/null", "r");
  if (list == nullptr) {
    return;
  }
  char line[256];
  while (std::fgets(line, sizeof line, list) != nullptr) {
    int pid = 0;
    char name[128] = {};
    if (std::sscanf(line, "%127s", name) == 1 && std::sscanf(name, "tgplab-%d-", &pid) == 1 && ::kill(pid, 0) != 0) {
      std::system(("ip netns del " + std::string(name) + " 2>/dev/null").c_str());
    }
  }
  ::pclose(list);
}

}  // namespace

void skip_unless_lab(Needs needs) {
  const auto why = lab_unavailable(needs);
  if (!why.empty()) {
    std::fprintf(stderr, "SKIP lab: %s\n", why.c_str());
    std::exit(tgperf::test::kSkipExitCode);  // SKIP_RETURN_CODE in tests/CMakeLists.txt
  }
}

void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("failed: " + command);
  }
}

std::string capture(const std::string& command) {
  FILE* out = ::popen(command.c_str(), "r");
  if (out == nullptr) {
    throw std::runtime_error("cannot run: " + command);
  }
  std::string text;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) {
    text.append(buf, n);
  }
  ::pclose(out);
  return text;
}

NetworkNamespace::NetworkNamespace(const std::string& role)
    : name_(kPrefix + std::to_string(::getpid()) + "-" + role) {
  remove_stale_namespaces();
  std::system(("ip netns del " + name_ + " 2>/dev/null").c_str());  // a dead run's, had its pid come round again
  run("ip netns add " + name_);
  try {
    run("ip -n " + name_ + " link set lo up");
  } catch (...) {
    std::system(("ip netns del " + name_ + " 2>/dev/null").c_str());
    throw;
  }
}

NetworkNamespace::~NetworkNamespace() { std::system(("ip netns del " + name_ + " 2>/dev/null").c_str()); }

int NetworkNamespace::socket(int family, int type) const {
  const int home = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  const int target = ::open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
  if (home < 0 || target < 0 || ::setns(target, CLONE_NEWNET) != 0) {
    if (home >= 0) ::close(home);
    if (target >= 0) ::close(target);
    throw std::runtime_error("cannot enter namespace " + name_);
  }
  const int s = ::socket(family, type | SOCK_CLOEXEC, 0);
  const bool back = ::setns(home, CLONE_NEWNET) == 0;
  ::close(home);
  ::close(target);
  if (!back) {
    std::abort();  // the test thread must not stay in the lab namespace
  }
  return s;
}

int NetworkNamespace::listen_on(const std::string& address, std::uint16_t& port) const {
  const bool v6 = address.find(':') != std::string::npos;
  const int s = socket(v6 ? AF_INET6 : AF_INET);
  sockaddr_storage storage{};
  socklen_t len = 0;
  if (v6) {
    const int one = 1;
    ::setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(port);
    ::inet_pton(AF_INET6, address.c_str(), &sa->sin6_addr);
    len = sizeof *sa;
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    ::inet_pton(AF_INET, address.c_str(), &sa->sin_addr);
    len = sizeof *sa;
  }
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&storage), len) != 0 || ::listen(s, 128) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&storage), &len) != 0) {
    if (s >= 0) ::close(s);
    return -1;
  }
  port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                  : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  return s;
}

std::string NetworkNamespace::exec(const std::string& command, int seconds) const {
  return capture("timeout -s KILL " + std::to_string(seconds) + " ip netns exec " + name_ + " " + command +
                 " 2>/dev/null");
}

std::string tgperf_ping_in(const NetworkNamespace& ns, const std::string& args) {
  return ns.exec(std::string(TGPERF_BINARY) + " ping " + args);
}

}  // namespace tgperf::test::lab
