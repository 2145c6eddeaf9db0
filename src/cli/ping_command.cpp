// tgperf ping: TCP-connect pings reported the way ping reports ICMP ones.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/local_listener.hpp"
#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/target.hpp"
#include "tgperf/report/openmetrics_ping.hpp"
#include "tgperf/report/ping_report.hpp"

namespace tgperf::cli {
namespace {

struct PingFlags {
  std::optional<std::string> target;  // given but empty ("") is an error, not the default target
  std::optional<long> port;
  std::string count;  // text: CLI11 would take a number beyond `long` without a word
  std::string interval = "1", timeout = "2", deadline;
  bool quiet = false, json = false, csv = false, ipv4 = false, ipv6 = false, local = false, no_color = false;
  std::string format;  // --format; empty: text unless --json / --csv
  std::string interface, source;
};

enum class PingFormat { text, json, csv, openmetrics, prometheus };

// --format and its shorthands --json / --csv, which must agree with it when both are given.
PingFormat resolve_format(const PingFlags& f) {
  if (f.json && f.csv) throw UsageError("--json and --csv exclude each other");
  const std::string shorthand = f.json ? "json" : f.csv ? "csv" : "";
  if (!shorthand.empty() && !f.format.empty() && f.format != shorthand) {
    throw UsageError("--" + shorthand + " and --format " + f.format + " exclude each other");
  }
  const std::string name = f.format.empty() ? (shorthand.empty() ? "text" : shorthand) : f.format;
  if (name == "json") return PingFormat::json;
  if (name == "csv") return PingFormat::csv;
  if (name == "openmetrics") return PingFormat::openmetrics;
  if (name == "prometheus") return PingFormat::prometheus;
  return PingFormat::text;
}

void print_line(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);  // one line per probe as it happens, also into a pipe
}

// -c COUNT: a whole number from 1 up; none when not given.
std::optional<long> parse_count(const std::string& text) {
  if (text.empty()) return std::nullopt;
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) throw UsageError("-c COUNT '" + text + "' is out of range");
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw UsageError("-c COUNT must be a whole number (got '" + text + "')");
  }
  if (value <= 0) throw UsageError("-c COUNT must be at least 1 (got " + text + ")");
  return value;
}

int run_ping_command(const PingFlags& f) {
  const std::optional<long> count = parse_count(f.count);
  const PingFormat format = resolve_format(f);
  if (f.ipv4 && f.ipv6) throw UsageError("-4 and -6 exclude each other");
  probe::PingOptions options;
  options.count = count;
  options.interval = parse_positive_duration(f.interval);
  options.timeout = parse_positive_duration(f.timeout);
  if (!f.deadline.empty()) options.deadline = parse_positive_duration(f.deadline);
  if (!f.interface.empty()) options.bind.interface = f.interface;
  if (!f.source.empty()) options.bind.source = f.source;

  std::optional<probe::LocalListener> listener;
  probe::TargetSpec spec;
  if (f.local) {
    if (f.target || f.port) throw UsageError("--local pings its own listener: give no target or -p");
    if (f.ipv6) throw UsageError("--local listens on 127.0.0.1 (IPv4): drop -6");
    listener.emplace();
    spec = probe::TargetSpec{"127.0.0.1", listener->port()};
  } else {
    spec = probe::parse_target(f.target.value_or("api.telegram.org"), f.port);
  }
  const auto family = f.ipv4 ? probe::AddressFamily::ipv4 : f.ipv6 ? probe::AddressFamily::ipv6 : probe::AddressFamily::any;
  const auto target = probe::resolve_target(spec, family);
  probe::check_source(options.bind, target);

  const bool text = format == PingFormat::text;
  const bool csv = format == PingFormat::csv;
  const bool lines = text && !f.quiet;
  const bool color = text && stdout_color_enabled(f.no_color);
  if (text) print_line(report::ping_header(target));
  if (csv) print_line(report::ping_csv_header());
  // Nothing shows a probe as it happens on stdout: say how far the run is on stderr (a terminal only).
  ProgressLine progress(is_terminal(2) && !lines && !csv);

  SignalStop signals;  // Ctrl-C ends the run; the statistics of the probes so far are printed
  std::size_t done = 0, connected = 0;
  const auto run = probe::run_ping(target, options, [&](const probe::ProbeResult& p) {
    if (listener) listener->drain();
    if (lines) print_line(report::ping_probe_line(target, p, options.timeout, color));
    if (csv) print_line(report::ping_csv_row(p));
    ++done;
    connected += p.status == probe::ProbeStatus::connected ? 1 : 0;
    progress.update(options.count ? fmt::format("ping: {}/{} probes, {} connected", done, *options.count, connected)
                                  : fmt::format("ping: {} probes, {} connected", done, connected),
                    true);
  }, signals.token());
  progress.clear();
  const auto stats = probe::ping_stats(run);
  switch (format) {
    case PingFormat::json:
      print_line(report::ping_json(target, run, stats));
      break;
    case PingFormat::openmetrics:
    case PingFormat::prometheus: {
      const auto families = report::ping_metrics(target, run);
      std::fputs(report::render_exposition(families, format == PingFormat::openmetrics
                                                         ? report::ExpositionFormat::openmetrics
                                                         : report::ExpositionFormat::prometheus)
                     .c_str(),
                 stdout);
      std::fflush(stdout);
      break;
    }
    case PingFormat::text:
      if (lines) print_line("");
      print_line(report::ping_summary_text(target, stats, color));
      break;
    case PingFormat::csv:
      break;
  }
  return stats.connected > 0 ? 0 : 1;
}

}  // namespace

void add_ping_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<PingFlags>();
  auto* sub = app.add_subcommand("ping", "TCP-connect pings to a host:port (default api.telegram.org:443), reported like ping");
  sub->add_option("target", flags->target, "HOST[:PORT], IPv4, IPv6 or [IPv6]:PORT (default api.telegram.org:443)");
  sub->add_option("-p,--port", flags->port, "port to probe (overrides one in the target; default 443)");
  sub->add_option("-c,--count", flags->count, "stop after COUNT probes (default: until Ctrl-C)")->type_name("COUNT");
  sub->add_option("-i,--interval", flags->interval, "time between probe starts, e.g. 250ms, 1.5s; bare number = seconds (default 1)");
  sub->add_option("-W,--timeout", flags->timeout, "how long one probe waits for an answer (default 2)");
  sub->add_option("-w,--deadline", flags->deadline, "stop the whole run after this long");
  sub->add_flag("-q,--quiet", flags->quiet, "print only the header and the summary");
  sub->add_option("--format", flags->format,
                  "text (default), json, csv, openmetrics (OpenMetrics 1.0 text, ends in # EOF) or prometheus "
                  "(Prometheus text, for node_exporter's textfile collector)")
      ->check(CLI::IsMember({"text", "json", "csv", "openmetrics", "prometheus"}));
  sub->add_flag("--json", flags->json, "same as --format json: one JSON document (target, probes, summary, verdict)");
  sub->add_flag("--csv", flags->csv, "same as --format csv: one CSV row per probe, with a header");
  sub->add_flag("--no-color", flags->no_color, "no colours (NO_COLOR is honoured too; none unless stdout is a terminal)");
  sub->add_flag("-4", flags->ipv4, "use IPv4 only");
  sub->add_flag("-6", flags->ipv6, "use IPv6 only");
  sub->add_option("-I,--interface", flags->interface, "send probes through this interface (SO_BINDTODEVICE)");
  sub->add_option("--source", flags->source, "send probes from this local address");
  sub->add_flag("--local", flags->local, "ping a listener this command opens on 127.0.0.1 (works offline)");
  sub->footer(
      "Examples:\n"
      "  tgperf ping --local -c 5            try it offline against a loopback listener\n"
      "  tgperf ping -c 10 api.telegram.org  10 TCP handshakes to the Bot API, port 443\n"
      "  tgperf ping -w 30s --json [::1]:8081 any host:port for 30 s, as JSON\n"
      "  D=/var/lib/node_exporter/textfile; tgperf ping -c 10 -q --format prometheus > $D/ping.$$; \\\n"
      "    [ $? -le 1 ] && mv $D/ping.$$ $D/tgperf_ping.prom || rm -f $D/ping.$$\n"
      "                                      from cron for node_exporter's textfile collector (exit 1,\n"
      "                                      nothing connected, is a measurement too: keep it)\n"
      "Metrics: tgperf_ping_probes_total{target,status} and the summary tgperf_ping_rtt_seconds{target}, per run.\n"
      "Exit status: 0 if a probe connected, 1 if none did, 2 for bad input or an unresolvable name.");
  sub->callback([flags, &run] { run = [flags] { return run_ping_command(*flags); }; });
}

}  // namespace tgperf::cli
