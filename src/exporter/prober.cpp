#include "tgperf/exporter/prober.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/timing_session.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/exporter/probe_target.hpp"
#include "tgperf/probe/ping_session.hpp"
#include "tgperf/report/openmetrics_ping.hpp"
#include "tgperf/report/openmetrics_timing.hpp"
#include "tgperf/report/timing_summary.hpp"

namespace tgperf::exporter {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

// libcurl's limits take whole milliseconds, at least one.
milliseconds at_least_1ms(Duration d) { return std::max(milliseconds(1), duration_cast<milliseconds>(d)); }

ProbeOutcome probe_tcp(const ModuleConfig& m, const probe::TargetSpec& spec, Duration budget, std::stop_token stop) {
  ProbeOutcome out;
  probe::ResolvedTarget target;
  try {
    target = probe::resolve_target(spec, probe::AddressFamily::any);
  } catch (const UsageError& e) {
    out.failure = e.what();  // "cannot resolve 'x': ..." names the target only
    return out;
  }
  probe::PingOptions options;
  options.count = m.count;
  options.interval = m.interval;
  options.timeout = std::min(m.timeout, budget);
  options.deadline = budget;  // the scrape timeout bounds the run, not count x interval
  const probe::PingRun run = probe::run_ping(target, options, {}, stop);
  out.families = report::ping_metrics(target, run);
  out.success = std::any_of(run.probes.begin(), run.probes.end(),
                            [](const probe::ProbeResult& p) { return p.status == probe::ProbeStatus::connected; });
  if (!out.success) {
    out.failure = run.probes.empty() ? "no probe completed within the scrape timeout"
                                     : "no probe connected (last: " + std::string(probe::to_string(run.probes.back().status)) + ")";
  }
  return out;
}

botapi::Endpoint api_endpoint(const ModuleConfig& m, const probe::TargetSpec& target) {
  return botapi::Endpoint(m.scheme + "://" + target_text(target), *m.token);
}

ProbeOutcome probe_botapi(const ModuleConfig& m, const probe::TargetSpec& target, Duration budget, std::stop_token stop) {
  ProbeOutcome out;
  const botapi::Endpoint endpoint = api_endpoint(m, target);
  botapi::TimingPlan plan;
  plan.request = botapi::get_me();
  plan.encoding = botapi::Encoding::query;
  plan.count = m.count;
  plan.interval = std::chrono::nanoseconds(0);
  plan.transport.ca_file = m.ca_file;
  plan.transport.user_agent = "tgperf-exporter";
  // Each request gets its share of the budget, so that the whole probe answers within it.
  plan.transport.max_time = at_least_1ms(std::min(m.timeout, budget / m.count));
  std::string last_failure;
  const std::vector<botapi::TimingRecord> records = botapi::TimingSession(endpoint, plan).run(
      [&](const botapi::TimingRecord& r) {
        // The record's texts are redacted already (timing_record.hpp).
        if (!r.answered()) {
          last_failure = "getMe: " + r.response.error;
        } else if (!r.succeeded()) {
          last_failure = r.malformed ? "getMe: the answer is not a Bot API envelope"
                                     : "getMe: error " + std::to_string(r.error_code.value_or(0));
        }
      },
      stop);
  const report::TimingSummary summary = report::summarize_timing(records);
  out.families = report::timing_metrics(records, summary, {"getMe", report::api_host_label(endpoint.api_root())});
  out.success = static_cast<int>(records.size()) == m.count &&
                std::all_of(records.begin(), records.end(), [](const botapi::TimingRecord& r) { return r.succeeded(); });
  if (!out.success) out.failure = last_failure.empty() ? "getMe: cut short" : last_failure;
  return out;
}

ProbeOutcome probe_webhook(const ModuleConfig& m, const probe::TargetSpec& target, Duration budget, std::stop_token stop) {
  ProbeOutcome out;
  const botapi::Endpoint endpoint = api_endpoint(m, target);
  const std::string host = report::api_host_label(endpoint.api_root());
  botapi::ClientOptions options;
  options.transport.ca_file = m.ca_file;
  options.transport.user_agent = "tgperf-exporter";
  options.transport.max_time = at_least_1ms(std::min(m.timeout, budget));
  nlohmann::json info;
  try {
    botapi::Client client(endpoint, options);
    info = client.call(botapi::get_webhook_info(), stop);
  } catch (const std::exception& e) {
    // The client's messages are token-free already; redacted again as the last line of defence.
    out.failure = "getWebhookInfo: " + botapi::redact(botapi::redact_secrets(e.what()), endpoint.token());
    return out;
  }
  // The webhook URL itself is never exported: operators often put the token in its path.
  report::MetricFamily pending{"tgperf_webhook_pending_updates", report::MetricType::gauge, "",
                               "Updates waiting for delivery to the bot's webhook (getWebhookInfo pending_update_count)",
                               {}};
  if (const auto it = info.find("pending_update_count"); it != info.end() && it->is_number()) {
    pending.points.push_back({{{"host", host}}, it->get<double>()});  // an answer without it: no series, not a 0
    out.families.push_back(std::move(pending));
  }
  if (const auto it = info.find("last_error_date"); it != info.end() && it->is_number_integer()) {
    const double age = std::max(0.0, static_cast<double>(std::time(nullptr) - it->get<std::int64_t>()));
    report::MetricFamily error_age{"tgperf_webhook_last_error_age_seconds", report::MetricType::gauge, "seconds",
                                   "Seconds since the last error delivering to the webhook (getWebhookInfo "
                                   "last_error_date); absent when there was none",
                                   {}};
    error_age.points.push_back({{{"host", host}}, age});
    out.families.push_back(std::move(error_age));
  }
  out.success = true;
  return out;
}

}  // namespace

ProbeOutcome run_probe(const ModuleConfig& module, const probe::TargetSpec& target, Duration budget, std::stop_token stop) {
  const auto start = Clock::now();
  ProbeOutcome out;
  switch (module.prober) {
    case ProberKind::tcp:
      out = probe_tcp(module, target, budget, stop);
      break;
    case ProberKind::botapi:
      out = probe_botapi(module, target, budget, stop);
      break;
    case ProberKind::webhook:
      out = probe_webhook(module, target, budget, stop);
      break;
  }
  out.duration = Clock::now() - start;
  return out;
}

std::string render_probe(const ProbeOutcome& outcome) {
  std::vector<report::MetricFamily> families = outcome.families;
  families.push_back({"probe_success", report::MetricType::gauge, "", "Whether the probe succeeded",
                      {{{}, outcome.success ? 1.0 : 0.0}}});
  families.push_back({"probe_duration_seconds", report::MetricType::gauge, "seconds",
                      "How long the probe took to complete in seconds",
                      {{{}, report::metric_seconds(to_seconds(outcome.duration))}}});
  return report::render_exposition(families, report::ExpositionFormat::prometheus);
}

}  // namespace tgperf::exporter
