// doctor's measurements, in the order a request takes: name, connection, getMe, getWebhookInfo.
#include "tgperf/doctor/gather.hpp"

#include <arpa/inet.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/timing_session.hpp"
#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/doctor/http_date.hpp"
#include "tgperf/doctor/url_host.hpp"
#include "tgperf/probe/resolver.hpp"
#include "tgperf/probe/tcp_probe.hpp"

namespace tgperf::doctor {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::optional<double> to_ms(const std::optional<http::Micros>& micros) {
  if (!micros) return std::nullopt;
  return static_cast<double>(micros->count()) / 1000.0;
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool is_address_literal(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

std::vector<probe::ResolvedTarget> resolve(DnsMeasurement& dns) {
  dns.literal = is_address_literal(dns.host);
  const auto start = Clock::now();
  try {
    auto all = probe::resolve_all(probe::TargetSpec{dns.host, dns.port}, probe::AddressFamily::any);
    if (!dns.literal) dns.lookup_ms = ms_since(start);
    for (const auto& target : all) (target.family == AF_INET6 ? dns.ipv6 : dns.ipv4).push_back(target.address);
    return all;
  } catch (const std::exception& e) {
    dns.error = botapi::redact_secrets(e.what());
    return {};
  }
}

std::vector<AddressRtt> probe_addresses(const std::vector<probe::ResolvedTarget>& targets, const DoctorPlan& plan,
                                        std::stop_token stop) {
  std::vector<AddressRtt> out;
  int per_family[2] = {0, 0};
  for (const auto& target : targets) {
    const int v6 = target.family == AF_INET6 ? 1 : 0;
    if (per_family[v6]++ >= plan.addresses_per_family) continue;
    AddressRtt rtt;
    rtt.address = target.address;
    rtt.ip_version = v6 ? 6 : 4;
    for (int seq = 1; seq <= plan.probes_per_address && !stop.stop_requested(); ++seq) {
      const probe::ProbeResult r = probe::tcp_probe(target, plan.probe_timeout, {}, seq, stop);
      if (r.status == probe::ProbeStatus::interrupted) break;
      ++rtt.probes;
      if (r.status == probe::ProbeStatus::connected && r.rtt) {
        rtt.rtt_ms.push_back(std::chrono::duration<double, std::milli>(*r.rtt).count());
        continue;
      }
      rtt.failure = std::string(probe::to_string(r.status));
      // A silent address costs a whole timeout per probe: one is evidence enough.
      if (r.status == probe::ProbeStatus::timeout || r.status == probe::ProbeStatus::unreachable) break;
    }
    out.push_back(std::move(rtt));
  }
  return out;
}

RequestTiming to_timing(const botapi::TimingRecord& x) {
  RequestTiming t;
  t.reused = x.phases.reused;
  t.dns_ms = to_ms(x.phases.dns);
  t.tcp_ms = to_ms(x.phases.tcp);
  t.tls_ms = to_ms(x.phases.tls);
  t.server_ms = to_ms(x.phases.server);
  t.transfer_ms = to_ms(x.phases.transfer);
  t.total_ms = static_cast<double>(x.response.times.total.count()) / 1000.0;
  t.http_code = x.response.http_code;
  if (!x.response.transport_ok()) t.transport_error = x.response.error;
  t.remote_ip = x.response.remote_ip;
  return t;
}

// The offset of the server's Date header from the local clock when the answer arrived. Date is
// truncated to the second, so the server's time lies in [Date, Date + 1): its middle is the estimate.
void read_clock(const http::Response& response, double local_unix, ClockMeasurement& clock) {
  for (const auto& header : response.headers) {
    if (header.name.size() != 4 || strncasecmp(header.name.c_str(), "date", 4) != 0) continue;
    if (const auto date = parse_http_date(header.value)) {
      clock.server_date = header.value;
      clock.offset_s = static_cast<double>(*date) + 0.5 - local_unix;
    }
    return;
  }
}

void time_get_me(const botapi::Endpoint& endpoint, const DoctorPlan& plan, Measurements& m, std::stop_token stop) {
  botapi::TimingPlan timing;
  timing.request = botapi::get_me();
  timing.transport = plan.transport;
  timing.count = 2;  // cold, then warm on the same handle
  botapi::TimingSession session(endpoint, timing);
  session.run(
      [&](const botapi::TimingRecord& x) {
        const double local_unix = unix_now();
        (x.seq == 1 ? m.timing.cold : m.timing.warm) = to_timing(x);
        if (!m.clock.offset_s) read_clock(x.response, local_unix, m.clock);
        // Only a Bot API envelope says whether the token is valid.
        if (!x.answered() || x.malformed || m.bot.answered) return;
        m.bot.answered = true;
        m.bot.token_valid = x.api_ok;
        if (!x.api_ok) {
          m.bot.error_code = x.error_code.value_or(0);
          m.bot.description = x.description;
        }
      },
      stop);
}

void read_webhook(botapi::Client& client, WebhookMeasurement& w, const botapi::Token& token, std::stop_token stop) {
  const nlohmann::json info = client.call(botapi::get_webhook_info(), stop);
  w.read = true;
  const std::string url = info.value("url", std::string{});
  w.webhook_set = !url.empty();
  if (const auto authority = parse_url_authority(url)) w.url_host = authority->host;
  w.pending_update_count = info.value("pending_update_count", std::int64_t{0});
  if (info.contains("last_error_date") && info["last_error_date"].is_number_integer()) {
    w.last_error_date = info["last_error_date"].get<std::int64_t>();
    w.last_error_age_s = unix_now() - static_cast<double>(*w.last_error_date);
    w.last_error_message = botapi::redact(botapi::redact_secrets(info.value("last_error_message", std::string{})), token);
  }
  if (info.contains("max_connections") && info["max_connections"].is_number_integer()) {
    w.max_connections = info["max_connections"].get<int>();
  }
  w.ip_address = info.value("ip_address", std::string{});
}

void read_bot(const botapi::Endpoint& endpoint, const DoctorPlan& plan, const StepObserver& on_step, Measurements& m,
              std::stop_token stop) {
  botapi::ClientOptions options;
  options.transport = plan.transport;
  botapi::Client client(endpoint, options);
  try {
    if (auto username = client.get_me(stop).username) m.bot.username = *username;
    if (on_step) on_step("getWebhookInfo");
    const auto first_read = Clock::now();
    read_webhook(client, m.webhook, endpoint.token(), stop);
    if (m.webhook.pending_update_count > 0) {
      // Read again a moment later: a count that does not go down says nobody takes the updates.
      if (on_step) on_step("getWebhookInfo again, to see whether the pending updates move");
      const auto left = std::chrono::duration_cast<Duration>(plan.recheck_after - (Clock::now() - first_read));
      if (!sleep_unless_stopped(stop, std::max(left, Duration::zero()))) return;
      WebhookMeasurement later;
      read_webhook(client, later, endpoint.token(), stop);
      m.webhook.pending_update_count_later = later.pending_update_count;
      m.webhook.recheck_after_s = std::chrono::duration<double>(Clock::now() - first_read).count();
    }
  } catch (const botapi::Cancelled&) {
  } catch (const std::exception& e) {
    m.webhook.error = botapi::redact(botapi::redact_secrets(e.what()), endpoint.token());
  }
}

}  // namespace

Measurements gather(const botapi::Endpoint& endpoint, const DoctorPlan& given_plan, const StepObserver& on_step,
                    std::stop_token stop) {
  DoctorPlan plan = given_plan;
  // Well under 30 s in all, even against a silent host.
  if (!plan.transport.connect_timeout) plan.transport.connect_timeout = std::chrono::seconds(5);
  if (!plan.transport.max_time) plan.transport.max_time = std::chrono::seconds(8);

  Measurements m;
  m.api_root = endpoint.redacted_api_root();
  const auto authority = parse_url_authority(endpoint.api_root());
  if (!authority) throw UsageError("cannot take the API URL apart: " + m.api_root);
  m.dns.host = authority->host;
  m.dns.port = authority->port.value_or(authority->scheme == "https" ? 443 : 80);

  if (on_step) on_step("resolving " + m.dns.host);
  const auto targets = resolve(m.dns);
  if (targets.empty() || stop.stop_requested()) return m;

  if (on_step) on_step("TCP connects");
  m.tcp = probe_addresses(targets, plan, stop);
  const bool any_connected =
      std::any_of(m.tcp.begin(), m.tcp.end(), [](const AddressRtt& a) { return !a.rtt_ms.empty(); });
  if (!any_connected || stop.stop_requested()) return m;

  if (on_step) on_step("getMe, cold and warm");
  time_get_me(endpoint, plan, m, stop);
  if (!m.bot.token_valid || stop.stop_requested()) return m;

  read_bot(endpoint, plan, on_step, m, stop);
  return m;
}

}  // namespace tgperf::doctor
