#include "tgperf/probe/tcp_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>

#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/core/usage_error.hpp"

namespace tgperf::probe {
namespace {

// The probe's socket, closed on every path out.
class SocketFd {
 public:
  explicit SocketFd(int fd) : fd_(fd) {}
  ~SocketFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  SocketFd(const SocketFd&) = delete;
  SocketFd& operator=(const SocketFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool fill_source(const std::string& text, int family, sockaddr_storage& out, socklen_t& len) {
  out = {};
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&out);
    sin->sin_family = AF_INET;
    len = sizeof(sockaddr_in);
    return inet_pton(AF_INET, text.c_str(), &sin->sin_addr) == 1;
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out);
  sin6->sin6_family = AF_INET6;
  len = sizeof(sockaddr_in6);
  return inet_pton(AF_INET6, text.c_str(), &sin6->sin6_addr) == 1;
}

ProbeStatus classify(int err) {
  switch (err) {
    case 0: return ProbeStatus::connected;
    case ECONNREFUSED: return ProbeStatus::refused;
    case ETIMEDOUT: return ProbeStatus::timeout;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN: return ProbeStatus::unreachable;
    default: return ProbeStatus::error;
  }
}

ProbeResult failed(int seq, int err, std::string_view what) {
  return ProbeResult{seq, ProbeStatus::error, std::nullopt, std::string(what) + ": " + std::strerror(err)};
}

}  // namespace

std::string_view to_string(ProbeStatus status) {
  switch (status) {
    case ProbeStatus::connected: return "connected";
    case ProbeStatus::refused: return "refused";
    case ProbeStatus::timeout: return "timeout";
    case ProbeStatus::unreachable: return "unreachable";
    case ProbeStatus::error: return "error";
    case ProbeStatus::interrupted: return "interrupted";
  }
  return "error";
}

void check_source(const BindOptions& bind, const ResolvedTarget& target) {
  if (bind.interface && bind.interface->empty()) throw UsageError("-I: empty interface name");
  sockaddr_storage storage;
  socklen_t len = 0;
  if (bind.source && !fill_source(*bind.source, target.family, storage, len)) {
    throw UsageError("--source '" + *bind.source + "' is not an " + (target.family == AF_INET ? "IPv4" : "IPv6") +
                     " address (the target " + target.address + " is)");
  }
  if (!bind.source && !bind.interface) return;
  // A trial socket, bound as the probes will be but never connected: an interface that does not
  // exist or an address this machine does not have is the user's configuration, not packet loss,
  // and would otherwise show as "100% loss".
  SocketFd fd(::socket(target.family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return;  // a resource problem, reported per probe
  if (bind.interface && ::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, bind.interface->c_str(),
                                     static_cast<socklen_t>(bind.interface->size())) != 0) {
    const int err = errno;
    if (err == ENODEV) throw UsageError("-I '" + *bind.interface + "': no such network interface on this machine");
    if (err == EPERM) {
      throw UsageError("-I '" + *bind.interface + "': binding to an interface needs CAP_NET_RAW (run as root)");
    }
    throw UsageError("-I '" + *bind.interface + "': " + std::strerror(err));
  }
  if (bind.source && ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), len) != 0) {
    const int err = errno;
    if (err == EADDRNOTAVAIL) {
      throw UsageError("--source '" + *bind.source + "' is not an address of this machine (see `ip address`)");
    }
    throw UsageError("--source '" + *bind.source + "': " + std::strerror(err));
  }
}

ProbeResult tcp_probe(const ResolvedTarget& target, Duration timeout, const BindOptions& bind, int seq,
                      std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  SocketFd fd(::socket(target.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return failed(seq, errno, "socket");
  if (bind.interface) {
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, bind.interface->c_str(),
                     static_cast<socklen_t>(bind.interface->size())) != 0) {
      return failed(seq, errno, "bind to interface " + *bind.interface);
    }
  }
  if (bind.source) {
    sockaddr_storage source;
    socklen_t len = 0;
    if (!fill_source(*bind.source, target.family, source, len)) return failed(seq, EINVAL, "source address");
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&source), len) != 0) {
      return failed(seq, errno, "bind to " + *bind.source);
    }
  }

  const auto start = Clock::now();
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&target.sockaddr), target.sockaddr_len) == 0) {
    return ProbeResult{seq, ProbeStatus::connected, Clock::now() - start, {}};
  }
  if (errno != EINPROGRESS) {
    const int err = errno;
    const auto status = classify(err);
    return ProbeResult{seq, status, Clock::now() - start, status == ProbeStatus::refused ? "" : std::strerror(err)};
  }
  const auto deadline = start + timeout;
  std::optional<StopWakeFd> wake;  // poll() ignores the negative fd when nothing can stop us
  if (stop.stop_possible()) wake.emplace(stop);
  for (;;) {
    const auto left = deadline - Clock::now();
    if (left <= Duration::zero()) return ProbeResult{seq, ProbeStatus::timeout, std::nullopt, {}};
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec wait{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    pollfd fds[2] = {{fd.get(), POLLOUT, 0}, {wake ? wake->fd() : -1, POLLIN, 0}};
    const int n = ::ppoll(fds, 2, &wait, nullptr);
    const auto end = Clock::now();
    if (n < 0) {
      if (errno == EINTR) continue;
      return failed(seq, errno, "poll");
    }
    if (n == 0) continue;  // re-check the deadline above
    if (fds[0].revents != 0) {
      int err = 0;
      socklen_t len = sizeof err;
      if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) return failed(seq, errno, "SO_ERROR");
      const auto status = classify(err);
      if (status == ProbeStatus::timeout) return ProbeResult{seq, status, std::nullopt, {}};
      const bool quiet = status == ProbeStatus::connected || status == ProbeStatus::refused;
      return ProbeResult{seq, status, end - start, quiet ? "" : std::strerror(err)};
    }
    if (fds[1].revents != 0 || stop.stop_requested()) return ProbeResult{seq, ProbeStatus::interrupted, std::nullopt, {}};
  }
}

}  // namespace tgperf::probe
