// Benchmark of the Bot API emulator (not a test: it prints figures and never fails on time).
//
//   1. getMe requests per second at zero latency on loopback, over C keep-alive connections.
//   2. 10,000 concurrent getMe requests under --latency 1s: all held in flight at once by a server
//      with one io thread (no thread per request), with the server's memory per in-flight request.
//
// The server runs in a forked child process (the in-process Emulator API), so its memory and
// thread count are read from /proc/<pid>/status apart from the client's. The client is a small
// epoll loop over raw sockets speaking HTTP/1.1 keep-alive: cheaper than the server, so the
// server is what is measured (both still share this machine's cores).
//
// Usage: tgperf_emulator_bench [--requests N] [--connections C] [--inflight M] [--threads T]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tgperf/emulator/emulator.hpp"

namespace {

using Clock = std::chrono::steady_clock;
const std::string kRequest =
    "GET /bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/getMe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// A server child: builds an Emulator, reports its port on `report`, serves until `control` closes.
struct ServerChild {
  pid_t pid = -1;
  std::uint16_t port = 0;
  int control = -1;
  int answers = -1;

  ServerChild(tgperf::Duration latency, unsigned threads) {
    int to_parent[2], from_parent[2];
    if (pipe(to_parent) != 0 || pipe(from_parent) != 0) throw std::runtime_error("pipe");
    pid = fork();
    if (pid == 0) {
      close(to_parent[0]);
      close(from_parent[1]);
      tgperf::emulator::EmulatorOptions options;
      options.latency = latency;
      options.threads = threads;
      tgperf::emulator::Emulator emulator(options);
      const std::uint16_t p = emulator.port();
      if (write(to_parent[1], &p, sizeof p) != sizeof p) _exit(1);
      // Each byte from the parent asks for the number of requests held right now.
      char byte;
      while (read(from_parent[0], &byte, 1) > 0) {
        const std::uint64_t held = emulator.requests_in_flight();
        if (write(to_parent[1], &held, sizeof held) != sizeof held) break;
      }
      _exit(0);
    }
    close(to_parent[1]);
    close(from_parent[0]);
    control = from_parent[1];
    if (read(to_parent[0], &port, sizeof port) != sizeof port) throw std::runtime_error("server child failed");
    answers = to_parent[0];
  }
  ~ServerChild() {
    close(control);
    close(answers);
    waitpid(pid, nullptr, 0);
  }
  std::uint64_t in_flight() const {
    std::uint64_t held = 0;
    if (write(control, "q", 1) != 1 || read(answers, &held, sizeof held) != sizeof held) return 0;
    return held;
  }
  // A field of /proc/<pid>/status, e.g. "VmRSS" (kB) or "Threads".
  long status(const std::string& field) const {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return -1;
  }
};

int connect_to(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Consumes complete responses at the front of `buffer`; returns how many.
int take_responses(std::string& buffer, int& bad) {
  int complete = 0;
  for (;;) {
    const auto end = buffer.find("\r\n\r\n");
    if (end == std::string::npos) return complete;
    const auto cl = buffer.find("Content-Length: ");
    if (cl == std::string::npos || cl > end) throw std::runtime_error("response without Content-Length");
    const std::size_t length = std::strtoul(buffer.c_str() + cl + 16, nullptr, 10);
    if (buffer.size() < end + 4 + length) return complete;
    if (buffer.compare(0, 12, "HTTP/1.1 200") != 0) ++bad;
    buffer.erase(0, end + 4 + length);
    ++complete;
  }
}

struct Connection {
  int fd;
  std::string in;
  int remaining;  // requests still to send on it
};

// Runs `per_connection` sequential keep-alive requests on each of `connections` connections
// (all connections concurrently); returns {elapsed, responses, non-200}.
struct LoadResult {
  double seconds;
  long responses;
  int bad;
  long peak_rss_kb = -1;
  long threads = -1;
  std::uint64_t held = 0;
};

LoadResult run_load(const ServerChild& server, int connections, int per_connection, bool sample_midway) {
  const int ep = epoll_create1(0);
  std::vector<Connection> conns(static_cast<std::size_t>(connections));
  for (int i = 0; i < connections; ++i) {
    conns[i] = Connection{connect_to(server.port), {}, per_connection};
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
  }
  LoadResult result{0, 0, 0};
  const auto started = Clock::now();
  for (auto& c : conns) {
    if (send(c.fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(kRequest.size())) {
      throw std::runtime_error("send");
    }
    --c.remaining;
  }
  const long total = static_cast<long>(connections) * per_connection;
  bool sampled = false;
  std::vector<epoll_event> events(1024);
  char chunk[16384];
  while (result.responses < total) {
    if (sample_midway && !sampled && Clock::now() - started > std::chrono::milliseconds(500)) {
      // Every request is sent and the 1 s latency has not run out: all are held by the server.
      result.peak_rss_kb = server.status("VmRSS");
      result.threads = server.status("Threads");
      result.held = server.in_flight();
      sampled = true;
    }
    const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < n; ++e) {
      auto& c = conns[events[e].data.u32];
      for (;;) {
        const auto got = recv(c.fd, chunk, sizeof chunk, 0);
        if (got <= 0) break;
        c.in.append(chunk, static_cast<std::size_t>(got));
      }
      const int done = take_responses(c.in, result.bad);
      result.responses += done;
      for (int k = 0; k < done && c.remaining > 0; ++k) {
        if (send(c.fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) < 0) throw std::runtime_error("send");
        --c.remaining;
      }
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  for (auto& c : conns) close(c.fd);
  close(ep);
  return result;
}

int arg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const int requests = arg(argc, argv, "--requests", 200000);
  const int connections = arg(argc, argv, "--connections", 32);
  const int inflight = arg(argc, argv, "--inflight", 10000);
  const auto threads = static_cast<unsigned>(arg(argc, argv, "--threads", 1));

  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);  // the children inherit it

  std::printf("emulator benchmark on %u cores (client and server share them)\n",
              std::thread::hardware_concurrency());

  for (const unsigned t : {threads, threads + 1}) {
    ServerChild server(tgperf::Duration::zero(), t);
    run_load(server, connections, 200, false);  // warm-up
    const auto r = run_load(server, connections, requests / connections, false);
    std::printf("1. getMe, zero latency, %d keep-alive connections, server io threads %u:\n"
                "   %ld requests in %.3f s = %.0f requests/s (%d non-200)\n",
                connections, t, r.responses, r.seconds, static_cast<double>(r.responses) / r.seconds, r.bad);
  }
  {
    ServerChild server(std::chrono::seconds(1), 1);
    const long idle_rss = server.status("VmRSS");
    const auto r = run_load(server, inflight, 1, true);
    const long held_kb = r.peak_rss_kb - idle_rss;
    std::printf("2. %d concurrent getMe under latency 1s, server with 1 io thread:\n"
                "   all %ld answered in %.3f s (serially they would take %d s); %d non-200\n"
                "   at 0.5 s the server held %llu requests in flight, with %ld threads, RSS %ld kB (idle %ld kB)\n"
                "   memory per in-flight request (connection + request + timer): %.1f kB\n",
                inflight, r.responses, r.seconds, inflight, r.bad,
                static_cast<unsigned long long>(r.held), r.threads, r.peak_rss_kb, idle_rss,
                static_cast<double>(held_kb) / inflight);
  }
  return 0;
}
