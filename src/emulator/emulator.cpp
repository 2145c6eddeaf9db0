#include "tgperf/emulator/emulator.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <cmath>
#include <optional>
#include <thread>

#include "bot_api.hpp"
#include "http_server.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/self_signed_certificate.hpp"

namespace tgperf::emulator {

namespace {

// The longest a stopping emulator waits for the answers of requests it already carried out.
constexpr Duration kMaxDrain = std::chrono::seconds(1);

}  // namespace

struct Emulator::Impl {
  explicit Impl(EmulatorOptions opts) : options(std::move(opts)) {
    validate(options);
    if (options.tls && options.cert_file.empty()) {
      generated.emplace();
      options.cert_file = generated->certificate_file();
      options.key_file = generated->key_file();
    }
    api = std::make_unique<BotApi>(io, options, ledger);
    server = std::make_unique<HttpServer>(io, options, *api, ledger, counters);
    schedule_outages();
    for (unsigned i = 0; i < options.threads; ++i) threads.emplace_back([this] { io.run(); });
  }

  // Each window: down at start, back at start + length, counted from now.
  void schedule_outages() {
    const auto started = Clock::now();
    for (const auto& window : options.faults.outages) {
      const auto down_at = started + std::chrono::duration_cast<Clock::duration>(window.start);
      const auto up_at = down_at + std::chrono::duration_cast<Clock::duration>(window.length);
      for (const auto& [when, up] : {std::pair{down_at, false}, std::pair{up_at, true}}) {
        auto& timer = outage_timers.emplace_back(std::make_unique<boost::asio::steady_timer>(io, when));
        timer->async_wait([this, up = up](const boost::system::error_code& ec) {
          if (!ec && !stopped) server->set_available(up);
        });
      }
    }
  }

  ~Impl() {
    stop();
    outage_timers.clear();
    server.reset();
    api.reset();  // its timers go before the io_context
  }

  void stop() {
    if (stopped.exchange(true)) return;
    {
      std::lock_guard lock(stopped_at_mutex);
      stopped_at = Clock::now();  // the ledger's clock stops here: unanswered time ends with the server
    }
    server->stop_accepting();
    api->shutdown();
    // Drain: requests already executed (a recorded reply waiting out its latency, an ended poll)
    // still get their answers, so a client does not see a reply the ledger counted as failed.
    // Bounded: stopping must stop, and with an hour of latency (or a client that already gave
    // up, which a held request does not notice) nobody is waiting for those answers.
    const auto drain_deadline =
        Clock::now() + std::min<Duration>(options.latency + options.jitter + std::chrono::seconds(2), kMaxDrain);
    // A stalled request is not waited for: it is a fault, held far longer than any latency.
    while (counters.in_flight.load() > counters.stalled.load() && Clock::now() < drain_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    work.reset();
    io.stop();
    for (auto& t : threads) t.join();
    threads.clear();
  }

  EmulatorOptions options;
  ServerCounters counters;  // outlives the io_context: connections count down as they are destroyed
  Ledger ledger;
  std::optional<SelfSignedCertificate> generated;
  boost::asio::io_context io{static_cast<int>(options.threads)};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<BotApi> api;
  std::unique_ptr<HttpServer> server;
  std::vector<std::unique_ptr<boost::asio::steady_timer>> outage_timers;  // down/up of each window
  std::vector<std::thread> threads;
  std::atomic<bool> stopped{false};
  std::mutex stopped_at_mutex;  // guards stopped_at
  std::optional<Clock::time_point> stopped_at;
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Emulator::~Emulator() = default;

namespace {

// The address a client on this machine dials for a server bound to `bound`: a wildcard address
// (0.0.0.0, ::) is where a server listens, not a destination, so its URL names loopback instead.
std::string dialable_host(const std::string& bound) {
  const bool v6 = bound.find(':') != std::string::npos;
  in6_addr address{};
  if (v6 && ::inet_pton(AF_INET6, bound.c_str(), &address) == 1 && IN6_IS_ADDR_UNSPECIFIED(&address)) return "[::1]";
  if (!v6 && bound == "0.0.0.0") return "127.0.0.1";
  return v6 ? "[" + bound + "]" : bound;
}

}  // namespace

// A server on a wildcard address (0.0.0.0, ::) is named by its loopback address: that is where a
// client on this machine reaches it.
std::string Emulator::base_url() const {
  const std::string host = dialable_host(impl_->options.host);
  return std::string(impl_->options.tls ? "https://" : "http://") + host + ":" + std::to_string(port());
}

std::uint16_t Emulator::port() const { return impl_->server->port(); }

std::string Emulator::certificate_file() const { return impl_->options.tls ? impl_->options.cert_file : std::string{}; }

const EmulatorOptions& Emulator::options() const { return impl_->options; }

LedgerReport Emulator::ledger() const {
  std::lock_guard lock(impl_->stopped_at_mutex);
  LedgerReport report = impl_->ledger.report(impl_->stopped_at.value_or(Clock::now()));
  report.flood_limits_on = impl_->options.flood;
  return report;
}

bool Emulator::wait_until_answered(Duration timeout) const {
  return impl_->ledger.wait_until_answered(Clock::now() + std::chrono::duration_cast<Clock::duration>(timeout));
}

std::int64_t Emulator::inject_message(const std::string& token, int chat_index, const std::string& text) {
  return impl_->api->inject_message(token, chat_index, text);
}

std::uint64_t Emulator::requests_served() const { return impl_->counters.requests.load(); }
std::uint64_t Emulator::requests_in_flight() const { return impl_->counters.in_flight.load(); }
std::uint64_t Emulator::connections_open() const { return impl_->counters.connections.load(); }

void Emulator::set_available(bool available) {
  if (!impl_->stopped) impl_->server->set_available(available);
}

std::uint64_t Emulator::fault_seed() const { return impl_->server->fault_seed(); }

void Emulator::stop() { impl_->stop(); }

}  // namespace tgperf::emulator
