#pragma once
// A listening TCP socket on 127.0.0.1 with a kernel-chosen port, for `tgperf ping --local`: the
// tool can be tried without a network. The kernel completes the handshakes; drain() accepts and
// closes what queued up so a long run never fills the backlog.
#include <cstdint>

namespace tgperf::probe {

class LocalListener {
 public:
  LocalListener();  // throws std::runtime_error when no socket can be opened
  ~LocalListener();
  LocalListener(const LocalListener&) = delete;
  LocalListener& operator=(const LocalListener&) = delete;

  std::uint16_t port() const { return port_; }
  void drain();  // non-blocking

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace tgperf::probe
