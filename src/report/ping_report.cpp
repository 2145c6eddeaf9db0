#include "tgperf/report/ping_report.hpp"

#include "tgperf/probe/rtt_grade.hpp"
#include "tgperf/core/plural.hpp"

#include <fmt/format.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "ping_json_document.hpp"
#include "text_style.hpp"

namespace tgperf::report {
namespace {


std::string paint(std::string_view text, const char* colour, bool color) {
  if (!color) return std::string(text);
  return colour + std::string(text) + ansi::kReset;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

PingVerdict ping_verdict(const probe::PingStats& stats) {
  PingVerdict v;
  if (!stats.rtt) {
    // A refusal is an answer (the host sent RST): the port is closed, the host is not silent.
    if (stats.refused > 0) {
      v.rating = "refused";
      v.advice = "the host refuses connections on this port: check the port and the service behind it";
    } else {
      v.rating = "no answer";
      v.advice = "nothing answered: check the host, the port and any firewall before measuring further";
    }
    return v;
  }
  const auto& rtt = *stats.rtt;
  v.rating = std::string(probe::to_string(probe::grade_rtt(rtt.avg)));
  v.stable = stats.lost == 0 && (rtt.mdev <= 0.25 * rtt.avg || rtt.mdev < 1.0);
  if (!v.stable) {
    v.advice = stats.lost > 0 ? "probes were lost: a bot here will see stalls and retries; check the path before trusting the average"
                              : "round trips vary a lot: run longer, and look for a busy link or an overloaded host";
  } else if (v.rating == "excellent") {
    v.advice = "as close as it gets: a bot here is limited by its own handler time, not the network";
  } else if (v.rating == "good") {
    v.advice = "good for a bot (50 ms or less); a server in central Europe would get under 15 ms";
  } else {
    v.advice = "every API call pays this round trip: move the bot closer to the Bot API (central Europe gets under 15 ms)";
  }
  return v;
}

std::string ping_header(const probe::ResolvedTarget& target) {
  return fmt::format("TCPING {} ({}) port {}", target.host, target.address, target.port);
}

std::string ping_probe_line(const probe::ResolvedTarget& target, const probe::ProbeResult& probe, Duration timeout,
                            bool color) {
  const auto endpoint = probe::endpoint_text(target);
  const auto time = probe.rtt ? "time=" + ms3(to_ms(*probe.rtt)) + " ms" : std::string();
  switch (probe.status) {
    case probe::ProbeStatus::connected:
      return fmt::format("connected to {}: seq={} {}", endpoint, probe.seq, time);
    case probe::ProbeStatus::refused:
      return fmt::format("{} by {}: seq={} {} (port closed)", paint("refused", ansi::kYellow, color), endpoint, probe.seq,
                         time);
    case probe::ProbeStatus::timeout:
      return fmt::format("{} from {}: seq={} timeout after {} ms", paint("no answer", ansi::kRed, color), endpoint,
                         probe.seq, fmt::format("{:g}", to_ms(timeout)));
    case probe::ProbeStatus::unreachable:
      return fmt::format("{} {}: seq={} {} ({})", paint("unreachable", ansi::kRed, color), endpoint, probe.seq, time,
                         probe.error);
    case probe::ProbeStatus::error:
    case probe::ProbeStatus::interrupted:
      break;
  }
  return fmt::format("{} {}: seq={} ({})", paint("error probing", ansi::kRed, color), endpoint, probe.seq, probe.error);
}

std::string ping_summary_text(const probe::ResolvedTarget& target, const probe::PingStats& stats, bool color) {
  std::string out = fmt::format("--- {} tcping statistics ---\n", target.host);
  out += fmt::format("{} transmitted, {} connected, {} refused, {} lost, {:g}% loss, time {:.0f}ms\n",
                     counted(static_cast<std::int64_t>(stats.transmitted), "probe"), stats.connected, stats.refused, stats.lost, stats.loss_pct,
                     to_ms(stats.elapsed));
  if (stats.rtt) {
    const auto& r = *stats.rtt;
    out += fmt::format("rtt min/avg/max/mdev = {}/{}/{}/{} ms\n", ms3(r.min), ms3(r.avg), ms3(r.max), ms3(r.mdev));
    out += fmt::format("rtt p50/p90/p99 = {}/{}/{} ms, jitter {} ms\n", ms3(r.p50), ms3(r.p90), ms3(r.p99),
                       ms3(r.jitter));
  }
  const auto v = ping_verdict(stats);
  const char* colour = !stats.rtt ? ansi::kRed : v.rating == "far" ? ansi::kYellow : ansi::kGreen;
  const std::string rating = paint(v.rating, colour, color);
  if (stats.rtt) {
    out += fmt::format("verdict: {}, {} - {}", rating, paint(v.stable ? "stable" : "unstable", v.stable ? ansi::kGreen : ansi::kYellow, color), v.advice);
  } else {
    out += fmt::format("verdict: {} - {}", rating, v.advice);
  }
  return out;
}

std::string ping_json(const probe::ResolvedTarget& target, const probe::PingRun& run, const probe::PingStats& stats) {
  return ping_json_document(target, run, stats).dump(2);
}

nlohmann::json ping_json_document(const probe::ResolvedTarget& target, const probe::PingRun& run,
                                  const probe::PingStats& stats) {
  nlohmann::json doc;
  doc["target"] = {{"host", target.host},
                   {"address", target.address},
                   {"port", target.port},
                   {"family", target.family == AF_INET6 ? "ipv6" : "ipv4"}};
  auto probes = nlohmann::json::array();
  for (const auto& p : run.probes) {
    probes.push_back({{"seq", p.seq},
                      {"status", std::string(probe::to_string(p.status))},
                      {"rtt_ms", p.rtt ? nlohmann::json(to_ms(*p.rtt)) : nlohmann::json(nullptr)},
                      {"error", p.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.error)}});
  }
  doc["probes"] = probes;
  auto opt = [&](double(stats::Summary::*field)) {
    return stats.rtt ? nlohmann::json((*stats.rtt).*field) : nlohmann::json(nullptr);
  };
  doc["summary"] = {{"transmitted", stats.transmitted}, {"connected", stats.connected},
                    {"refused", stats.refused},         {"lost", stats.lost},
                    {"loss_pct", stats.loss_pct},       {"time_ms", to_ms(stats.elapsed)},
                    {"interrupted", run.interrupted},   {"min_ms", opt(&stats::Summary::min)},
                    {"avg_ms", opt(&stats::Summary::avg)}, {"max_ms", opt(&stats::Summary::max)},
                    {"mdev_ms", opt(&stats::Summary::mdev)}, {"p50_ms", opt(&stats::Summary::p50)},
                    {"p90_ms", opt(&stats::Summary::p90)}, {"p99_ms", opt(&stats::Summary::p99)},
                    {"jitter_ms", opt(&stats::Summary::jitter)}};
  const auto v = ping_verdict(stats);
  doc["verdict"] = {{"rating", v.rating}, {"stable", v.stable}, {"advice", v.advice}};
  return doc;
}

std::string ping_csv_header() { return "seq,status,rtt_ms,error"; }

std::string ping_csv_row(const probe::ProbeResult& probe) {
  return fmt::format("{},{},{},{}", probe.seq, probe::to_string(probe.status),
                     probe.rtt ? ms3(to_ms(*probe.rtt)) : std::string(), csv_field(probe.error));
}

std::string ping_csv_target_header() { return "target," + ping_csv_header(); }

std::string ping_csv_target_row(const std::string& target, const probe::ProbeResult& probe) {
  return csv_field(target) + "," + ping_csv_row(probe);
}

}  // namespace tgperf::report
