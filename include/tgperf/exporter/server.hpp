#pragma once
// `tgperf exporter`: an HTTP/1.1 server on Boost.Beast in blackbox_exporter's multi-target pattern.
//
//   GET /probe?target=HOST:PORT&module=NAME   runs one probe, answers Prometheus text (prober.hpp);
//       400 with one line for a missing or malformed target or an unknown module, 403 for a target
//       outside the allow-list, 503 when no probe slot frees up within the scrape timeout.
//   GET /metrics                               the exporter itself (exporter_stats.hpp)
//   GET /                                      an HTML page: modules and recent probes
//
// The scrape timeout: X-Prometheus-Scrape-Timeout-Seconds when Prometheus sends it (capped at
// kMaxScrapeTimeout), else default_scrape_timeout; the probe gets that less kTimeoutOffset, so the
// answer is written before Prometheus gives up. One thread per connection; at most kMaxConnections
// at once (more are closed at accept), finished ones are joined as new ones arrive.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tgperf/core/duration.hpp"
#include "tgperf/exporter/config.hpp"
#include "tgperf/exporter/exporter_stats.hpp"

namespace tgperf::exporter {

inline constexpr Duration kTimeoutOffset = std::chrono::milliseconds(500);
inline constexpr Duration kMaxScrapeTimeout = std::chrono::minutes(5);
inline constexpr std::size_t kMaxConnections = 1024;

struct ServerOptions {
  std::string host = "127.0.0.1";  // a literal address
  std::uint16_t port = 9115;       // 0: any free port
  std::size_t max_concurrent_probes = 8;
  bool allow_any_target = false;
  Duration default_scrape_timeout = std::chrono::seconds(10);
  std::string version;
  // One line per probe and per refusal (no token in any of them); empty: silent.
  std::function<void(const std::string&)> log;
};

// The probe's time budget from the request's X-Prometheus-Scrape-Timeout-Seconds value (empty when
// absent). A value that is not a positive number is ignored (the default applies).
Duration probe_budget(std::string_view scrape_timeout_header, const ServerOptions& options);

class Server {
 public:
  // Binds and starts accepting on its own thread. Throws std::runtime_error when it cannot bind.
  Server(ExporterConfig config, ServerOptions options);
  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  // Stops accepting, cancels running probes, closes every connection, joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::exporter
