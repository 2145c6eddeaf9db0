#pragma once
// A listening TCP socket on a loopback address the test owns (all of 127.0.0.0/8 is local on Linux).
// The kernel completes handshakes without accept(), so every connect to it succeeds until its
// accept queue (`backlog`) is full. Closed in the destructor. Nothing here leaves the machine.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace tgperf::test {

struct LoopbackListener {
  explicit LoopbackListener(const char* ipv4 = "127.0.0.1", int backlog = 128) : address(ipv4) {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    REQUIRE(::inet_pton(AF_INET, ipv4, &addr.sin_addr) == 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, backlog) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
  }
  ~LoopbackListener() { ::close(fd); }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  // ADDRESS:PORT, as tgperf ping takes a target.
  [[nodiscard]] std::string target() const { return address + ":" + std::to_string(port); }

  // Where to connect() to reach it.
  [[nodiscard]] sockaddr_in socket_address() const {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, address.c_str(), &addr.sin_addr);
    return addr;
  }

  std::string address;
  int fd = -1;
  std::uint16_t port = 0;
};

}  // namespace tgperf::test
