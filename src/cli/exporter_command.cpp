// tgperf exporter: probes on request for Prometheus (blackbox_exporter's multi-target pattern).
//
// Flags -> ExporterConfig (--config JSON) + ServerOptions -> exporter::Server until Ctrl-C/SIGTERM.
#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "cli/commands.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/listen_address.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/exporter/config.hpp"
#include "tgperf/exporter/server.hpp"

namespace tgperf::cli {
namespace {

struct ExporterFlags {
  std::string listen = "127.0.0.1:9115";
  std::string config;
  int max_concurrent_probes = 8;
  bool allow_any_target = false;
  std::string scrape_timeout = "10s";
  bool quiet = false;
};

using namespace std::chrono_literals;
constexpr DurationFlag kScrapeTimeoutFlag{"--scrape-timeout", 5min, std::nullopt, true, true};

int run_exporter(const ExporterFlags& f) {
  exporter::ServerOptions options;
  const auto listen = parse_listen_address(f.listen, "--listen", 9115);
  options.host = listen.host;
  options.port = listen.port;
  if (f.max_concurrent_probes < 1 || f.max_concurrent_probes > 1000) {
    throw UsageError("--max-concurrent-probes must be from 1 to 1000");
  }
  options.max_concurrent_probes = static_cast<std::size_t>(f.max_concurrent_probes);
  options.allow_any_target = f.allow_any_target;
  options.default_scrape_timeout = parse_duration_flag(f.scrape_timeout, kScrapeTimeoutFlag);
  options.version = TGPERF_VERSION;
  exporter::ExporterConfig config = f.config.empty() ? exporter::default_config() : exporter::load_config(f.config);
  // Warned about once the server listens: a --listen it cannot bind ends the run with that error alone.
  const bool refuses_every_probe = config.allowed_targets.empty() && !f.allow_any_target;
  if (!f.quiet) {
    // One line per probe on stderr (journald adds the time); none of them carries the token.
    auto lock = std::make_shared<std::mutex>();
    options.log = [lock](const std::string& line) {
      std::lock_guard guard(*lock);
      std::fprintf(stderr, "%s\n", line.c_str());
    };
  }

  SignalStop signals;  // Ctrl-C or SIGTERM: stop serving
  std::string modules;
  for (const auto& [name, m] : config.modules) modules += fmt::format("{}{} ({})", modules.empty() ? "" : ", ", name, exporter::to_string(m.prober));
  exporter::Server server(std::move(config), options);
  if (refuses_every_probe) {
    std::fputs("tgperf: warning: no allowed_targets in the config: every /probe is refused (403) until you list "
               "targets or give --allow-any-target\n", stderr);
  }
  const bool v6 = options.host.find(':') != std::string::npos;
  fmt::print("tgperf exporter on http://{}:{}/  (/probe?target=HOST:PORT&module=NAME, /metrics)\n",
             v6 ? "[" + options.host + "]" : options.host, server.port());
  fmt::print("  modules: {}\n  at most {} probes at once{}\n  stop with Ctrl-C\n", modules, options.max_concurrent_probes,
             f.allow_any_target ? "; any target (--allow-any-target)" : "");
  std::fflush(stdout);
  const std::stop_token stop = signals.token();
  while (!stop.stop_requested()) sleep_unless_stopped(stop, std::chrono::seconds(1));
  server.stop();
  return 0;
}

}  // namespace

void add_exporter_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<ExporterFlags>();
  auto* sub = app.add_subcommand("exporter", "Serve probes to Prometheus: /probe?target=HOST:PORT&module=NAME, /metrics");
  sub->add_option("--listen", flags->listen, "ADDRESS:PORT to listen on (port 0: any free port)")->capture_default_str();
  sub->add_option("--config", flags->config,
                  "JSON file: allowed_targets and modules (tcp, botapi, webhook); without it, one tcp module named tcp");
  sub->add_option("--max-concurrent-probes", flags->max_concurrent_probes,
                  "Probes running at once; more wait for a slot until their scrape timeout, then get 503")
      ->capture_default_str();
  sub->add_flag("--allow-any-target", flags->allow_any_target,
                "Probe targets outside the config's allowed_targets (makes the exporter a scanner for anyone who reaches it)");
  sub->add_option("--scrape-timeout", flags->scrape_timeout,
                  "The budget when a request has no X-Prometheus-Scrape-Timeout-Seconds header")->capture_default_str();
  sub->add_flag("-q,--quiet", flags->quiet, "No log line per probe on stderr");
  sub->footer(
      "Examples:\n"
      "  tgperf exporter --allow-any-target                      # tcp module on 127.0.0.1:9115\n"
      "  tgperf exporter --listen 127.0.0.1:9115 --config /etc/tgperf/exporter.json --max-concurrent-probes 4\n"
      "  curl '127.0.0.1:9115/probe?target=api.telegram.org:443&module=tcp'\n"
      "Prometheus calls /probe with the target and module as parameters (see the shipped scrape config,\n"
      "/usr/share/tgperf/exporter/prometheus.yml); each probe answers within the scrape timeout\n"
      "(X-Prometheus-Scrape-Timeout-Seconds less 0.5 s). Bad targets get 400, targets outside\n"
      "allowed_targets 403, requests that find no free probe slot in time 503.");
  sub->callback([&run, flags] { run = [flags] { return run_exporter(*flags); }; });
}

}  // namespace tgperf::cli
