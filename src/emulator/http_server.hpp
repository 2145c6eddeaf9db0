#pragma once
// The emulator's HTTP/1.1 front on Boost.Beast: accepts connections (plain or TLS), reads requests
// with a size cap, hands them to BotApi, applies the network model (latency, jitter, failures)
// and injected faults with Asio timers, and writes the envelopes back with keep-alive. Beast stays inside the .cpp.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "tgperf/emulator/emulator.hpp"

namespace boost::asio {
class io_context;
}

namespace tgperf::emulator {

class BotApi;
class Ledger;

struct ServerCounters {
  std::atomic<std::uint64_t> requests{0};     // requests read
  std::atomic<std::uint64_t> in_flight{0};    // read and not yet answered
  std::atomic<std::uint64_t> connections{0};  // open
  std::atomic<std::uint64_t> stalled{0};      // in flight, held by a stall fault (not drained at stop)
};

class HttpServer {
 public:
  // Binds options.host:options.port and starts accepting (on io's threads). For TLS, options'
  // cert_file/key_file must name PEM files. Throws std::runtime_error when it cannot bind or load them.
  // Injected faults are drawn from effective_faults(options) and counted in `ledger`.
  HttpServer(boost::asio::io_context& io, const EmulatorOptions& options, BotApi& api, Ledger& ledger,
             ServerCounters& counters);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  void stop_accepting();
  // An outage (false) or its end (true, listening again on the same port); see Emulator.
  void set_available(bool available);
  std::uint64_t fault_seed() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with pending accept handlers
};

}  // namespace tgperf::emulator
