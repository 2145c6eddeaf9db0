#include "tgperf/exporter/server.hpp"

#include <boost/beast/http.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stop_token>

#include "tgperf/core/usage_error.hpp"
#include "tgperf/exporter/probe_slots.hpp"
#include "tgperf/exporter/probe_target.hpp"
#include "tgperf/exporter/prober.hpp"
#include "tgperf/exporter/query_string.hpp"
#include "tgperf/exporter/status_page.hpp"
#include "tgperf/httpserver/threaded_http_server.hpp"

namespace tgperf::exporter {
namespace {

namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRequestBytes = 16 * 1024;  // GET only: the head is all there is
constexpr const char* kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kScrapeTimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds";

std::vector<std::string> module_names(const ExporterConfig& config) {
  std::vector<std::string> names;
  for (const auto& [name, m] : config.modules) names.push_back(name);
  return names;
}

httpserver::ThreadedHttpServerOptions server_options(const ServerOptions& options) {
  httpserver::ThreadedHttpServerOptions server;
  server.host = options.host;
  server.port = options.port;
  server.header_limit = kMaxRequestBytes;
  server.body_limit = kMaxRequestBytes;
  server.max_connections = kMaxConnections;  // beyond any sane number of scrapers: refused, not queued
  return server;
}

}  // namespace

Duration probe_budget(std::string_view header, const ServerOptions& options) {
  Duration timeout = options.default_scrape_timeout;
  double seconds = 0;
  const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (!header.empty() && ec == std::errc() && end == header.data() + header.size() && std::isfinite(seconds) &&
      seconds > 0) {
    timeout = std::min(kMaxScrapeTimeout, std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds)));
  }
  // Prometheus gives up at its timeout: the probe must be done, and the answer written, before.
  // A very short timeout keeps half of itself for the probe rather than nothing.
  return timeout > 2 * kTimeoutOffset ? timeout - kTimeoutOffset : timeout / 2;
}

struct Server::Impl {
  using Request = httpserver::Request;
  using Response = httpserver::Response;

  Impl(ExporterConfig cfg, ServerOptions opts)
      : config(std::move(cfg)), options(std::move(opts)), slots(options.max_concurrent_probes),
        stats(module_names(config)),
        server(server_options(options), [this](const Request& request) -> httpserver::Answer {
          auto response = answer(request);
          // HEAD: the GET's head, its Content-Length included, without the body.
          if (request.method() == http::verb::head) response.body().clear();
          return {std::move(response), {}};
        }) {}

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }

  Response respond(const Request& request, http::status status, std::string body,
                   const char* content_type = "text/plain; charset=utf-8") {
    Response response(status, request.version());
    response.set(http::field::server, "tgperf-exporter");
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
  }

  Response refuse(const Request& request, http::status status, const std::string& reason,
                  const std::string& line) {
    stats.reject(reason);
    log("refused (" + std::to_string(static_cast<unsigned>(status)) + "): " + line);
    return respond(request, status, line + "\n");
  }

  Response probe(const Request& request, const RequestTarget& target) {
    const auto arrived = Clock::now();
    const auto header = request.find(kScrapeTimeoutHeader);
    const Duration budget =
        probe_budget(header == request.end() ? std::string_view{} : std::string_view(header->value().data(), header->value().size()),
                     options);
    const auto module_it = target.parameters.find("module");
    const std::string module_name = module_it == target.parameters.end() ? "" : module_it->second;
    const auto module = config.modules.find(module_name);
    if (module == config.modules.end()) {
      std::string known;
      for (const auto& [name, m] : config.modules) known += (known.empty() ? "" : ", ") + name;
      const bool plain = module_name.size() <= 64 &&
                         std::all_of(module_name.begin(), module_name.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
      return refuse(request, http::status::bad_request, "bad_request",
                    (module_name.empty() ? std::string("the module parameter is missing")
                                         : "unknown module " + (plain ? "'" + module_name + "'" : std::string("given"))) +
                        " (configured: " + known + ")");
    }
    const auto target_it = target.parameters.find("target");
    if (target_it == target.parameters.end()) {
      return refuse(request, http::status::bad_request, "bad_request", "the target parameter is missing: expected HOST:PORT");
    }
    probe::TargetSpec spec;
    try {
      spec = parse_probe_target(target_it->second);
    } catch (const UsageError& e) {
      return refuse(request, http::status::bad_request, "bad_request", e.what());
    }
    const std::string shown = target_text(spec);
    if (!options.allow_any_target && !target_allowed(config.allowed_targets, spec)) {
      return refuse(request, http::status::forbidden, "forbidden",
                    "target " + shown + " is not in the config's allowed_targets (or start with --allow-any-target)");
    }
    auto slot = slots.acquire_until(arrived + budget);
    if (!slot) {
      return refuse(request, http::status::service_unavailable, "busy",
                    std::to_string(slots.limit()) + " probes running (--max-concurrent-probes) and none finished within the scrape timeout");
    }
    const Duration left = budget - (Clock::now() - arrived);
    const ProbeOutcome outcome = run_probe(module->second, spec, left, stop_source.get_token());
    slot.reset();
    stats.record({std::chrono::system_clock::now(), module_name, shown, outcome.success, outcome.duration, outcome.failure});
    log("probe " + module_name + " " + shown + ": " + (outcome.success ? "success" : "failure: " + outcome.failure) +
        " in " + format_duration(outcome.duration));
    return respond(request, http::status::ok, render_probe(outcome), kPrometheusText);
  }

  Response answer(const Request& request) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      return respond(request, http::status::method_not_allowed, "only GET\n");
    }
    std::string why;
    const auto target = parse_request_target(std::string_view(request.target().data(), request.target().size()), &why);
    if (!target) return refuse(request, http::status::bad_request, "bad_request", why);
    if (target->path == "/probe") return probe(request, *target);
    if (target->path == "/metrics") {
      const SlotFigures figures{slots.running(), slots.high_water(), slots.limit()};
      return respond(request, http::status::ok,
                     report::render_exposition(stats.metrics(options.version, figures), report::ExpositionFormat::prometheus),
                     kPrometheusText);
    }
    if (target->path == "/") {
      const auto recent = stats.recent();
      return respond(request, http::status::ok, render_status_page(config, recent, options.version), "text/html; charset=utf-8");
    }
    return respond(request, http::status::not_found, "not found: try /, /metrics or /probe?target=HOST:PORT&module=NAME\n");
  }

  void stop() {
    stop_source.request_stop();
    slots.close();
    server.stop();
  }

  ExporterConfig config;
  ServerOptions options;
  ProbeSlots slots;
  ExporterStats stats;
  std::stop_source stop_source;  // cancels running probes at stop()
  httpserver::ThreadedHttpServer server;  // last: it stops, and joins its handlers, before the rest goes
};

Server::Server(ExporterConfig config, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(options))) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return impl_->server.port(); }

void Server::stop() { impl_->stop(); }

}  // namespace tgperf::exporter
