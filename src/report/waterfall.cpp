#include "tgperf/report/waterfall.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>
#include "text_style.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::report {

using http::Micros;
namespace {



struct Row {
  const char* label;
  std::optional<Micros> duration;
  Micros start;  // on the request's timeline
  bool connection_setup;  // DNS, TCP, TLS: absent when the connection was reused
};

std::string bar(Micros start, Micros duration, Micros total, int width, bool unicode) {
  if (total <= Micros::zero()) return {};
  const double scale = width / static_cast<double>(total.count());
  const int offset = std::clamp(static_cast<int>(std::floor(start.count() * scale)), 0, width - 1);
  // A phase that happened gets at least one cell, so a short one is still visible.
  const int length = std::clamp(static_cast<int>(std::lround(duration.count() * scale)), 1, width - offset);
  std::string out(static_cast<std::size_t>(offset), ' ');
  for (int i = 0; i < length; ++i) out += unicode ? "\u2588" : "#";
  return out;
}

}  // namespace

std::string timing_verdict(const botapi::TimingRecord& r) {
  // The status line and headers arrived but the body did not (the server closed the connection or
  // the time limit struck mid-body): say so, rather than "no answer".
  if (!r.answered() && r.response.http_code != 0) {
    return fmt::format("HTTP {} began, then the connection was cut mid-response: {}", r.response.http_code, r.response.error);
  }
  if (!r.answered()) return "no answer: " + r.response.error;
  if (r.api_ok) return "ok";
  if (r.malformed) return fmt::format("HTTP {}, not a Bot API answer: {}", r.response.http_code, r.description);
  std::string text = std::to_string(r.error_code.value_or(static_cast<int>(r.response.http_code)));
  if (!r.description.empty()) text += " " + r.description;
  if (r.retry_after) text += fmt::format(" (retry after {} s)", r.retry_after->count());
  return text;
}

std::string render_waterfall(const botapi::TimingRecord& r, const WaterfallStyle& style) {
  const std::string connection = r.phases.reused              ? "reused connection"
                                 : r.response.times.num_connects > 0 ? "new connection"
                                                      : "no connection";
  std::string where = r.response.remote_ip.empty() ? std::string("-")
                      : r.response.remote_ip.find(':') != std::string::npos
                          ? fmt::format("[{}]:{}", r.response.remote_ip, r.response.remote_port)
                          : fmt::format("{}:{}", r.response.remote_ip, r.response.remote_port);
  std::string status = r.answered() ? fmt::format("HTTP/{} {}", r.response.http_version.empty() ? "?" : r.response.http_version,
                                                  r.response.http_code)
                                    : r.response.http_code != 0 ? fmt::format("HTTP {} cut short", r.response.http_code)
                                                       : std::string("no HTTP answer");
  std::string verdict = timing_verdict(r);
  if (style.color) verdict = (r.succeeded() ? ansi::kGreen : ansi::kRed) + verdict + ansi::kReset;
  std::string out = fmt::format("#{} {} {}  {}  {}  total {:.2f} ms\n", r.seq, r.method, connection,
                                where, status, to_ms(r.response.times.total));
  out += fmt::format("   {}\n", verdict);

  const http::PhaseTimes& t = r.response.times;
  const std::vector<Row> rows = {
      {"DNS lookup", r.phases.dns, Micros(0), true},
      {"TCP connect", r.phases.tcp, t.namelookup, true},
      {"TLS handshake", r.phases.tls, t.connect, true},
      {"server", r.phases.server, t.pretransfer, false},
      {"transfer", r.phases.transfer, t.starttransfer, false},
  };
  for (const auto& row : rows) {
    if (!row.duration) {
      if (r.phases.reused && row.connection_setup) {
        out += fmt::format("   {:<14}{:>10}\n", row.label, "reused");
      } else if (!r.phases.reused && std::string_view(row.label) == "TLS handshake" && r.answered()) {
        out += fmt::format("   {:<14}{:>10}\n", row.label, "none");  // plain HTTP
      } else {
        out += fmt::format("   {:<14}{:>10}\n", row.label, "-");
      }
      continue;
    }
    std::string b = bar(row.start, *row.duration, t.total, style.bar_width, style.unicode);
    if (style.color) b = ansi::kCyan + b + ansi::kReset;
    out += fmt::format("   {:<14}{:>7.2f} ms  |{}\n", row.label, to_ms(*row.duration), b);
  }
  return out;
}

}  // namespace tgperf::report
