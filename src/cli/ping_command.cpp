// tgperf ping: TCP-connect pings reported the way ping reports ICMP ones.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/loopback_address.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/local_listener.hpp"
#include "tgperf/probe/interleaved_ping.hpp"
#include "tgperf/probe/resolver.hpp"
#include "tgperf/probe/target.hpp"
#include "tgperf/report/openmetrics_ping.hpp"
#include "tgperf/report/ping_lanes.hpp"
#include "tgperf/report/ping_report.hpp"
#include "tgperf/report/sparkline.hpp"

namespace tgperf::cli {
namespace {

struct PingFlags {
  std::vector<std::string> targets;  // none: api.telegram.org; one given but empty ("") is an error
  std::optional<long> port;
  std::string count;  // text: CLI11 would take a number beyond `long` without a word
  std::string interval = "1", timeout = "2", deadline;
  bool quiet = false, json = false, csv = false, ipv4 = false, ipv6 = false, local = false, no_color = false;
  std::string format;  // --format; empty: text unless --json / --csv
  std::optional<std::string> interface;  // given but empty is an error, not "no interface"
  std::string source;
  bool all_addresses = false, histogram = false;
  bool flood = false;  // consent to -i below kRemoteIntervalFloor against a server not on loopback
  std::string resolve_every;  // text, as -c: a whole number from 1 up
};

enum class PingFormat { text, json, csv, openmetrics, prometheus };

using namespace std::chrono_literals;
// Bare numbers are seconds, as ping's. A probe timeout beyond 10 minutes outlives any TCP
// handshake; a deadline of a month is a monitoring run, longer a typo.
constexpr DurationFlag kPingIntervalFlag{"-i", 1h, std::nullopt, true, true};
constexpr DurationFlag kTimeoutFlag{"-W", 10min, std::nullopt, true, true};
constexpr DurationFlag kDeadlineFlag{"-w", 24h * 31, std::nullopt, true, true};

// The shortest interval against anything but loopback without --flood: below it a ping is a
// connect storm on someone else's server (by default Telegram's). iputils' ping has a floor for
// the same reason (2 ms for non-root users, per ICMP echo); a TCP connect costs the server more.
constexpr auto kRemoteIntervalFloor = 10ms;

void check_interval_floor(Duration interval, const std::vector<probe::PingLane>& lanes, bool flood) {
  if (flood && interval >= kRemoteIntervalFloor) {
    throw UsageError(fmt::format("--flood has no effect with -i {} (the floor it lifts is {})", format_duration(interval),
                                 format_duration(kRemoteIntervalFloor)));
  }
  if (flood || interval >= kRemoteIntervalFloor) return;
  for (const auto& lane : lanes) {
    if (is_loopback_address(lane.target.address)) continue;
    throw UsageError(fmt::format("-i {} is below {} against {}, which is not this machine: that is a connect "
                                 "storm on someone's server; use -i {} or more, a loopback target, or --flood "
                                 "if the server is yours",
                                 format_duration(interval), format_duration(kRemoteIntervalFloor),
                                 probe::endpoint_text(lane.target), format_duration(kRemoteIntervalFloor)));
  }
}

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

// -c COUNT, --resolve-every N: a whole number from 1 up; none when not given.
std::optional<long> parse_count(const std::string& text, const std::string& flag = "-c COUNT") {
  if (text.empty()) return std::nullopt;
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) throw UsageError(flag + " '" + text + "' is out of range");
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw UsageError(flag + " must be a whole number (got '" + text + "')");
  }
  if (value <= 0) throw UsageError(flag + " must be at least 1 (got " + text + ")");
  return value;
}

// The lanes of the run: one per target, or with --all-addresses one per address of each target.
std::vector<probe::PingLane> make_lanes(const std::vector<probe::TargetSpec>& specs, probe::AddressFamily family,
                                        bool all_addresses, const probe::Resolver& resolver) {
  std::vector<probe::PingLane> lanes;
  for (const auto& spec : specs) {
    if (!all_addresses) {
      lanes.push_back(probe::PingLane{spec, family, probe::resolve_target(spec, family), true});
      continue;
    }
    for (auto& address : resolver(spec, family)) lanes.push_back(probe::PingLane{spec, family, std::move(address), false});
  }
  return lanes;
}

// The live sparkline of the last round trips (stderr, a terminal only): per lane, its last
// `width` probes.
std::string live_sparkline(const probe::InterleavedRun& run, const std::vector<std::string>& labels, bool utf8) {
  const std::size_t width = run.lanes.size() == 1 ? 40 : std::max<std::size_t>(8, 40 / run.lanes.size());
  std::string out = "ping:";
  for (std::size_t i = 0; i < run.lanes.size(); ++i) {
    const auto& probes = run.lanes[i].probes;
    std::vector<std::optional<double>> last;
    for (std::size_t k = probes.size() > width ? probes.size() - width : 0; k < probes.size(); ++k) {
      const auto& r = probes[k].result;
      last.push_back(r.status == probe::ProbeStatus::connected && r.rtt ? std::optional(to_ms(*r.rtt)) : std::nullopt);
    }
    const auto name = run.lanes.size() == 1 ? fmt::format(" {} probes ", probes.size()) : " " + labels[i] + " ";
    out += name + report::sparkline(last, utf8);
  }
  return out;
}

int run_ping_command(const PingFlags& f) {
  const std::optional<long> count = parse_count(f.count);
  const std::optional<long> resolve_every = parse_count(f.resolve_every, "--resolve-every N");
  const PingFormat format = resolve_format(f);
  if (f.ipv4 && f.ipv6) throw UsageError("-4 and -6 exclude each other");
  if (resolve_every && f.all_addresses) {
    throw UsageError("--resolve-every and --all-addresses exclude each other (every address is probed already)");
  }
  probe::InterleavedOptions options;
  options.ping.count = count;
  options.ping.interval = parse_duration_flag(f.interval, kPingIntervalFlag);
  options.ping.timeout = parse_duration_flag(f.timeout, kTimeoutFlag);
  if (!f.deadline.empty()) options.ping.deadline = parse_duration_flag(f.deadline, kDeadlineFlag);
  options.ping.bind.interface = f.interface;
  if (!f.source.empty()) options.ping.bind.source = f.source;
  options.resolve_every = resolve_every.value_or(0);

  std::optional<probe::LocalListener> listener;
  std::vector<probe::TargetSpec> specs;
  if (f.local) {
    if (!f.targets.empty() || f.port) throw UsageError("--local pings its own listener: give no target or -p");
    if (f.ipv6) throw UsageError("--local listens on 127.0.0.1 (IPv4): drop -6");
    listener.emplace();
    specs.push_back(probe::TargetSpec{"127.0.0.1", listener->port()});
  } else if (f.targets.empty()) {
    specs.push_back(probe::parse_target("api.telegram.org", f.port));
  } else {
    for (const auto& text : f.targets) specs.push_back(probe::parse_target(text, f.port));
  }
  const auto family = f.ipv4 ? probe::AddressFamily::ipv4 : f.ipv6 ? probe::AddressFamily::ipv6 : probe::AddressFamily::any;
  const auto lanes = make_lanes(specs, family, f.all_addresses, options.resolver);
  check_interval_floor(options.ping.interval, lanes, f.flood);  // before anything is sent or bound
  for (const auto& lane : lanes) probe::check_source(options.ping.bind, lane.target);
  const bool several = lanes.size() > 1;

  const bool text = format == PingFormat::text;
  const bool csv = format == PingFormat::csv;
  const bool lines = text && !f.quiet;
  const bool color = text && stdout_color_enabled(f.no_color);
  // Block glyphs where they can show: a UTF-8 locale, as every chart decides (core/terminal).
  const bool utf8 = unicode_output();
  if (text) {
    for (const auto& lane : lanes) print_line(report::ping_header(lane.target));
  }
  if (csv) print_line(several ? report::ping_csv_target_header() : report::ping_csv_header());
  // On a terminal's stderr: the sparkline of the last round trips under the text, or how far the
  // run is in the machine formats (JSON, metrics), where nothing on stdout shows a probe as it happens.
  ProgressLine sparkline(is_terminal(2) && text);
  ProgressLine progress(is_terminal(2) && !text && !csv);
  probe::InterleavedRun live;  // the probes so far, for the sparkline
  for (const auto& lane : lanes) live.lanes.push_back(probe::LaneRun{lane, {}, {}, 0});
  const auto labels = report::lane_labels(live, f.all_addresses);
  std::size_t width = 0;
  for (const auto& label : labels) width = std::max(width, label.size());

  SignalStop signals;  // Ctrl-C ends the run; the statistics of the probes so far are printed
  std::size_t done = 0, connected = 0;
  const auto run = probe::run_interleaved(lanes, options, [&](std::size_t i, const probe::LaneProbe& p) {
    if (listener) listener->drain();
    live.lanes[i].probes.push_back(p);
    if (lines) {
      sparkline.clear();
      print_line(report::lane_probe_line(labels[i], several ? width : 0, live.lanes[i], p, options.ping.timeout, color));
    }
    if (csv) print_line(several ? report::ping_csv_target_row(labels[i], p.result) : report::ping_csv_row(p.result));
    ++done;
    connected += p.result.status == probe::ProbeStatus::connected ? 1 : 0;
    if (text) {
      sparkline.update(live_sparkline(live, labels, utf8), true);
    }
    const auto probes = static_cast<std::int64_t>(count ? *count * static_cast<long>(lanes.size()) : static_cast<long>(done));
    progress.update(count ? fmt::format("ping: {}/{}, {} connected", done, counted(probes, "probe"), connected)
                          : fmt::format("ping: {}, {} connected", counted(probes, "probe"), connected),
                    true);
  }, signals.token());
  sparkline.clear();
  progress.clear();
  std::size_t answered = 0;
  for (std::size_t i = 0; i < run.lanes.size(); ++i) answered += probe::ping_stats(probe::lane_ping_run(run, i)).connected;
  switch (format) {
    case PingFormat::json:
      print_line(report::lanes_json(run, labels, resolve_every.has_value()));
      break;
    case PingFormat::openmetrics:
    case PingFormat::prometheus: {
      const auto families = report::ping_metrics(run, f.all_addresses, f.histogram);
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
      print_line(report::lanes_summary_text(run, labels, {f.histogram, utf8}, color));
      break;
    case PingFormat::csv:
      break;
  }
  return answered > 0 ? 0 : 1;
}

}  // namespace

void add_ping_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<PingFlags>();
  auto* sub = app.add_subcommand("ping", "TCP-connect pings to a host:port (default api.telegram.org:443), reported like ping");
  sub->add_option("targets", flags->targets,
                  "HOST[:PORT], IPv4, IPv6 or [IPv6]:PORT (default api.telegram.org:443); several are probed "
                  "interleaved and ranked");
  sub->add_option("-p,--port", flags->port, "port to probe (overrides one in the target; default 443)");
  sub->add_option("-c,--count", flags->count, "stop after COUNT probes (default: until Ctrl-C)")->type_name("COUNT");
  sub->add_option("-i,--interval", flags->interval, "time between probe starts, e.g. 250ms, 1.5s; bare number = seconds (default 1, at most 1h)");
  sub->add_flag("--flood", flags->flood,
                "allow -i below 10ms against a target that is not loopback (a connect storm: only against a "
                "server you run)");
  sub->add_option("-W,--timeout", flags->timeout, "how long one probe waits for an answer (default 2, at most 10m)");
  sub->add_option("-w,--deadline", flags->deadline, "stop the whole run after this long (at most 31 days)");
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
  sub->add_flag("--all-addresses", flags->all_addresses,
                "probe every address the name resolves to (IPv4 and IPv6; -4/-6 restrict), interleaved, and "
                "compare them");
  sub->add_option("--resolve-every", flags->resolve_every,
                  "resolve the name again after every N probes; the first probe to a new address is marked "
                  "[new address]")
      ->type_name("N");
  sub->add_flag("--histogram", flags->histogram,
                "show a histogram of the round trips (log-spaced buckets) in the summary; shown anyway when "
                "the round trips have more than one peak");
  sub->footer(
      "Examples:\n"
      "  tgperf ping --local -c 5            try it offline against a loopback listener\n"
      "  tgperf ping -c 10 api.telegram.org  10 TCP handshakes to the Bot API, port 443\n"
      "  tgperf ping -w 30s --json [::1]:8081 any host:port for 30 s, as JSON\n"
      "  tgperf ping -c 20 --all-addresses api.telegram.org   IPv4 against IPv6, side by side\n"
      "  tgperf ping -c 20 api.telegram.org 127.0.0.1:8081     two candidates, ranked by median\n"
      "  tgperf ping -c 60 --resolve-every 10 --histogram api.telegram.org\n"
      "                                      follow DNS changes, and show the distribution\n"
      "  D=/var/lib/node_exporter/textfile; tgperf ping -c 10 -q --format prometheus > $D/ping.$$; \\\n"
      "    [ $? -le 1 ] && mv $D/ping.$$ $D/tgperf_ping.prom || rm -f $D/ping.$$\n"
      "                                      from cron for node_exporter's textfile collector (exit 1,\n"
      "                                      nothing connected, is a measurement too: keep it)\n"
      "Metrics: tgperf_ping_probes_total{target,status} and the summary tgperf_ping_rtt_seconds{target}, per run\n"
      "(with --all-addresses an address label too); --histogram adds the histogram\n"
      "tgperf_ping_rtt_histogram_seconds{target}.\n"
      "Exit status: 0 if a probe connected, 1 if none did, 2 for bad input or an unresolvable name.");
  sub->callback([flags, &run] { run = [flags] { return run_ping_command(*flags); }; });
}

}  // namespace tgperf::cli
