// tgperf ping: TCP-connect pings reported the way ping reports ICMP ones.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/interrupt.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/local_listener.hpp"
#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/target.hpp"
#include "tgperf/report/ping_report.hpp"

namespace tgperf::cli {
namespace {

struct PingFlags {
  std::string target;
  std::optional<long> port;
  std::optional<long> count;
  std::string interval = "1", timeout = "2", deadline;
  bool quiet = false, json = false, csv = false, ipv4 = false, ipv6 = false, local = false;
  std::string interface, source;
};

void print_line(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);  // one line per probe as it happens, also into a pipe
}

int run_ping_command(const PingFlags& f) {
  if (f.count && *f.count <= 0) throw UsageError("-c COUNT must be at least 1 (got " + std::to_string(*f.count) + ")");
  if (f.json && f.csv) throw UsageError("--json and --csv exclude each other");
  if (f.ipv4 && f.ipv6) throw UsageError("-4 and -6 exclude each other");
  probe::PingOptions options;
  options.count = f.count;
  options.interval = parse_positive_duration(f.interval);
  options.timeout = parse_positive_duration(f.timeout);
  if (!f.deadline.empty()) options.deadline = parse_positive_duration(f.deadline);
  if (!f.interface.empty()) options.bind.interface = f.interface;
  if (!f.source.empty()) options.bind.source = f.source;

  std::optional<probe::LocalListener> listener;
  probe::TargetSpec spec;
  if (f.local) {
    if (!f.target.empty() || f.port) throw UsageError("--local pings its own listener: give no target or -p");
    if (f.ipv6) throw UsageError("--local listens on 127.0.0.1 (IPv4): drop -6");
    listener.emplace();
    spec = probe::TargetSpec{"127.0.0.1", listener->port()};
  } else {
    spec = probe::parse_target(f.target.empty() ? "api.telegram.org" : f.target, f.port);
  }
  const auto family = f.ipv4 ? probe::AddressFamily::ipv4 : f.ipv6 ? probe::AddressFamily::ipv6 : probe::AddressFamily::any;
  const auto target = probe::resolve_target(spec, family);
  probe::check_source(options.bind, target);

  const bool lines = !f.quiet && !f.json && !f.csv;
  if (!f.json && !f.csv) print_line(report::ping_header(target));
  if (f.csv) print_line(report::ping_csv_header());

  InterruptScope interrupts;
  const auto run = probe::run_ping(target, options, [&](const probe::ProbeResult& p) {
    if (listener) listener->drain();
    if (lines) print_line(report::ping_probe_line(target, p, options.timeout));
    if (f.csv) print_line(report::ping_csv_row(p));
  });
  const auto stats = probe::ping_stats(run);
  if (f.json) {
    print_line(report::ping_json(target, run, stats));
  } else if (!f.csv) {
    if (lines) print_line("");
    print_line(report::ping_summary_text(target, stats));
  }
  return stats.connected > 0 ? 0 : 1;
}

}  // namespace

void add_ping_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<PingFlags>();
  auto* sub = app.add_subcommand("ping", "TCP-connect pings to a host:port (default api.telegram.org:443), reported like ping");
  sub->add_option("target", flags->target, "HOST[:PORT], IPv4, IPv6 or [IPv6]:PORT (default api.telegram.org:443)");
  sub->add_option("-p,--port", flags->port, "port to probe (overrides one in the target; default 443)");
  sub->add_option("-c,--count", flags->count, "stop after COUNT probes (default: until Ctrl-C)");
  sub->add_option("-i,--interval", flags->interval, "time between probe starts, e.g. 250ms, 1.5s; bare number = seconds (default 1)");
  sub->add_option("-W,--timeout", flags->timeout, "how long one probe waits for an answer (default 2)");
  sub->add_option("-w,--deadline", flags->deadline, "stop the whole run after this long");
  sub->add_flag("-q,--quiet", flags->quiet, "print only the header and the summary");
  sub->add_flag("--json", flags->json, "print one JSON document (target, probes, summary, verdict)");
  sub->add_flag("--csv", flags->csv, "print one CSV row per probe, with a header");
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
      "Exit status: 0 if a probe connected, 1 if none did, 2 for bad input or an unresolvable name.");
  sub->callback([flags, &run] { run = [flags] { return run_ping_command(*flags); }; });
}

}  // namespace tgperf::cli
