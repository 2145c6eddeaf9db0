// delay_line: a user-space link with a known one-way delay, for the measurement lab (tests/lab).
//
//   delay_line NS_A DEV_A NS_B DEV_B DELAY_US [DROP_FIRST_SYN_EVERY]
//
// Opens a TUN device (IFF_TUN | IFF_NO_PI) named DEV_A inside network namespace NS_A and DEV_B inside
// NS_B (namespaces as made by `ip netns add`, i.e. /run/netns/NAME), prints "ready" on stdout once both
// exist (the caller then configures addresses), and forwards every packet read from one device to the
// other exactly DELAY_US microseconds after it was read, until killed.
//
// DROP_FIRST_SYN_EVERY = K > 0 loses the first SYN of every Kth new IPv4 TCP connection (counted by
// 4-tuple, 1 = each one), as a lossy link would; the client's retransmission of it passes. This
// is the loss TCP hides inside a successful connect: the handshake completes one SYN timeout
// (1 s on Linux) late.
//
// Each direction is a FIFO of (release time, packet); release times come from steady_clock
// (CLOCK_MONOTONIC), and one absolute timerfd on the same clock is armed for the earliest release,
// so the process sleeps in poll() between packets (no busy-spinning). Timer slack is set to 1 us.
//
// Own overhead (what it adds on top of DELAY_US, per packet): one read() from a TUN fd, a queue push,
// the timerfd wake-up latency (tens of microseconds on an idle machine, more under load), and one write()
// to the other TUN fd. The lab measures the total with plain TCP connects in the same test (connect RTT
// minus 2 * DELAY_US) instead of trusting this estimate.
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <set>
#include <tuple>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
static_assert(Clock::is_steady);

// Owns one file descriptor.
class Fd {
public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset(other.release());
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  [[nodiscard]] int get() const noexcept { return fd_; }
  int release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = fd;
  }

private:
  int fd_;
};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// Opens a TUN device named `dev` inside the namespace `ns`; the calling thread returns to its own
// namespace afterwards. The fd keeps the device alive (and in that namespace) until it is closed.
Fd open_tun_in(const std::string& ns, const std::string& dev) {
  Fd home(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
  if (home.get() < 0) {
    fail("open /proc/self/ns/net");
  }
  Fd target(::open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC));
  if (target.get() < 0) {
    fail("open /run/netns/" + ns);
  }
  if (::setns(target.get(), CLONE_NEWNET) != 0) {
    fail("setns " + ns);
  }
  Fd tun(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  const int open_errno = errno;
  if (tun.get() >= 0) {
    ifreq request{};
    request.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::snprintf(request.ifr_name, IFNAMSIZ, "%s", dev.c_str());
    if (::ioctl(tun.get(), TUNSETIFF, &request) != 0) {
      const int ioctl_errno = errno;
      (void)::setns(home.get(), CLONE_NEWNET);
      errno = ioctl_errno;
      fail("TUNSETIFF " + dev + " in " + ns);
    }
  }
  if (::setns(home.get(), CLONE_NEWNET) != 0) {
    fail("setns back");
  }
  if (tun.get() < 0) {
    errno = open_errno;
    fail("open /dev/net/tun");
  }
  return tun;
}

struct Packet {
  Clock::time_point release;
  std::vector<unsigned char> bytes;
};

// One direction of the link: packets read from `from` are written to `to` after the delay.
struct Direction {
  int from;
  int to;
  std::deque<Packet> queue;
};

// Loses the first SYN of every `every`th connection (0: none).
class SynDropper {
public:
  explicit SynDropper(unsigned long every) : every_(every) {}

  bool drop(const unsigned char* packet, std::size_t size) {
    if (every_ == 0 || size < 20 || (packet[0] >> 4) != 4 || packet[9] != 6) {
      return false;  // not IPv4 TCP
    }
    const std::size_t ihl = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    if (size < ihl + 14) {
      return false;
    }
    const unsigned char flags = packet[ihl + 13];
    const bool syn_only = (flags & 0x02) != 0 && (flags & 0x10) == 0;  // SYN without ACK: a client's
    if (!syn_only) {
      return false;
    }
    // Source and destination address (bytes 12..19) and ports (the first 4 bytes of TCP).
    const auto key = std::tuple(std::string(packet + 12, packet + 20), std::string(packet + ihl, packet + ihl + 4));
    if (!seen_.insert(key).second) {
      return false;  // a retransmission of a SYN already dropped or passed
    }
    return ++connections_ % every_ == 0;
  }

private:
  unsigned long every_;
  unsigned long connections_ = 0;
  std::set<std::tuple<std::string, std::string>> seen_;
};

void read_all(Direction& d, Clock::duration delay, SynDropper& dropper) {
  std::array<unsigned char, 65536> buffer{};
  for (;;) {
    const ssize_t n = ::read(d.from, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) {
        return;
      }
      fail("read tun");
    }
    if (dropper.drop(buffer.data(), static_cast<std::size_t>(n))) {
      continue;
    }
    // Stamp after the read: the delay counts from when the packet reached the line.
    d.queue.push_back(Packet{Clock::now() + delay,
                             std::vector<unsigned char>(buffer.begin(), buffer.begin() + n)});
  }
}

void release_due(Direction& d) {
  const auto now = Clock::now();
  while (!d.queue.empty() && d.queue.front().release <= now) {
    const auto& p = d.queue.front().bytes;
    // A full TUN queue (EAGAIN) drops the packet, as a real link would.
    (void)::write(d.to, p.data(), p.size());
    d.queue.pop_front();
  }
}

void arm(int timer, const std::array<Direction, 2>& dirs) {
  Clock::time_point next = Clock::time_point::max();
  for (const auto& d : dirs) {
    if (!d.queue.empty() && d.queue.front().release < next) {
      next = d.queue.front().release;
    }
  }
  itimerspec spec{};
  if (next != Clock::time_point::max()) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(next.time_since_epoch()).count();
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) {
      spec.it_value.tv_nsec = 1;  // zero would disarm
    }
  }
  if (::timerfd_settime(timer, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    fail("timerfd_settime");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr, "usage: delay_line NS_A DEV_A NS_B DEV_B DELAY_US [DROP_FIRST_SYN_EVERY]\n");
    return 2;
  }
  try {
    const auto delay = std::chrono::microseconds(std::stoll(argv[5]));
    if (delay.count() < 0) {
      std::fprintf(stderr, "delay_line: DELAY_US must be >= 0\n");
      return 2;
    }
    SynDropper dropper(argc == 7 ? std::stoul(argv[6]) : 0UL);
    (void)::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // 1 ns slack: wake when asked
    Fd a = open_tun_in(argv[1], argv[2]);
    Fd b = open_tun_in(argv[3], argv[4]);
    // steady_clock is CLOCK_MONOTONIC on Linux, so the absolute timer shares its epoch.
    Fd timer(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (timer.get() < 0) {
      fail("timerfd_create");
    }
    std::array<Direction, 2> dirs{Direction{a.get(), b.get(), {}}, Direction{b.get(), a.get(), {}}};
    std::printf("ready\n");
    std::fflush(stdout);

    std::array<pollfd, 3> fds{pollfd{a.get(), POLLIN, 0}, pollfd{b.get(), POLLIN, 0},
                              pollfd{timer.get(), POLLIN, 0}};
    for (;;) {
      if (::poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) {
          continue;
        }
        fail("poll");
      }
      if (fds[2].revents & POLLIN) {
        std::uint64_t expirations = 0;
        (void)::read(timer.get(), &expirations, sizeof expirations);
      }
      for (std::size_t i = 0; i < 2; ++i) {
        if (fds[i].revents & POLLIN) {
          read_all(dirs[i], delay, dropper);
        }
      }
      for (auto& d : dirs) {
        release_due(d);
      }
      arm(timer.get(), dirs);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "delay_line: %s\n", e.what());
    return 1;
  }
}
