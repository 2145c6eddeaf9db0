#pragma once
// A TCP connection to the emulator that the test writes to a piece at a time and never
// half-closes: for a request left unfinished, which raw_exchange (test_client.hpp) cannot leave,
// since it shuts its sending side down and the server then sees the end of the stream.
#include <chrono>
#include <cstdint>
#include <string>

namespace tgperf::test {

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);  // connects to 127.0.0.1:port; throws std::runtime_error
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes);  // throws std::runtime_error when the bytes cannot go out
  // Reads until the server closes the connection (true) or `limit` passes (false); what it sent
  // meanwhile is in received(). `limit` only keeps a test from hanging: it measures nothing.
  bool wait_until_closed(std::chrono::milliseconds limit);
  const std::string& received() const { return received_; }

 private:
  int fd_;
  std::string received_;
};

}  // namespace tgperf::test
