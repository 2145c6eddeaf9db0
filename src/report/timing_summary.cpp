#include "tgperf/report/timing_summary.hpp"
#include "tgperf/core/plural.hpp"

#include <fmt/format.h>
#include "text_style.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::report {

using http::Micros;
namespace {


std::optional<double> opt_ms(const std::optional<Micros>& t) {
  if (!t) return std::nullopt;
  return to_ms(*t);
}

std::string cell(const std::optional<stats::Summary>& s) {
  if (!s) return fmt::format("{:>8} {:>8} {:>8} {:>8}", "-", "-", "-", "-");
  return fmt::format("{:8.2f} {:8.2f} {:8.2f} {:8.2f}", s->min, s->p50, s->p90, s->max);
}

}  // namespace

std::optional<double> phase_ms(const botapi::TimingRecord& r, std::string_view phase) {
  if (phase == "dns") return opt_ms(r.phases.dns);
  if (phase == "tcp") return opt_ms(r.phases.tcp);
  if (phase == "tls") return opt_ms(r.phases.tls);
  if (phase == "server") return opt_ms(r.phases.server);
  if (phase == "transfer") return opt_ms(r.phases.transfer);
  if (phase == "total" && r.answered()) return to_ms(r.response.times.total);
  return std::nullopt;
}

TimingSummary summarize_timing(std::span<const botapi::TimingRecord> records) {
  TimingSummary s;
  for (const auto& r : records) {
    if (!r.answered()) {
      ++s.failed_requests;
    } else if (r.phases.reused) {
      ++s.warm_requests;
    } else {
      ++s.cold_requests;
    }
  }
  for (const char* phase : kTimingPhases) {
    std::vector<double> cold, warm;
    for (const auto& r : records) {
      if (!r.answered()) continue;
      if (const auto v = phase_ms(r, phase)) (r.phases.reused ? warm : cold).push_back(*v);
    }
    s.phases.push_back({phase, stats::summarize(cold), stats::summarize(warm)});
  }
  const auto& total = s.phases.back();
  if (total.cold && total.warm) s.reuse_saving_ms = total.cold->p50 - total.warm->p50;
  return s;
}

std::string render_timing_summary(const TimingSummary& s) {
  std::string out;
  if (s.cold_requests + s.warm_requests == 0) {
    return fmt::format("no request got an HTTP answer ({} tried): no statistics\n", s.failed_requests);
  }
  out += fmt::format("{:<10} {:<35}  {}\n", "",
                     fmt::format("cold: new connection (n={})", s.cold_requests),
                     fmt::format("warm: reused connection (n={})", s.warm_requests));
  out += fmt::format("{:<10}{:>8} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8} {:>8}\n", "phase, ms", "min",
                     "median", "p90", "max", "min", "median", "p90", "max");
  for (const auto& p : s.phases) {
    // A warm request has no DNS/TCP/TLS phase at all: say so rather than leave a blank.
    std::string warm = cell(p.warm);
    if (!p.warm && s.warm_requests > 0 && (p.phase == "dns" || p.phase == "tcp" || p.phase == "tls")) {
      warm = fmt::format("{:>35}", "reused: none");
    }
    out += fmt::format("{:<10}{}   {}\n", p.phase, cell(p.cold), warm);
  }
  if (s.reuse_saving_ms && *s.reuse_saving_ms >= 0) {
    out += fmt::format("reuse saved {:.2f} ms per request (median cold total - median warm total)\n",
                       *s.reuse_saving_ms);
  } else if (s.reuse_saving_ms) {
    // Honest either way: on loopback or with a slow server, reuse may save nothing measurable.
    out += fmt::format("reuse saved nothing here: warm requests took {:.2f} ms longer (median totals)\n",
                       -*s.reuse_saving_ms);
  }
  if (s.failed_requests > 0) {
    out += fmt::format("{} got no complete HTTP answer and {} not in these statistics\n",
                       counted(static_cast<std::int64_t>(s.failed_requests), "request"),
                       s.failed_requests == 1 ? "is" : "are");
  }
  return out;
}

}  // namespace tgperf::report
