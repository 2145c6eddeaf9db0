// doctor's output: the findings first (what to do), then the measurements they rest on.
#include "tgperf/doctor/render.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>

namespace tgperf::doctor {
namespace {

std::string severity_label(Severity s, bool color) {
  const std::string text = fmt::format("{:<8}", to_string(s));
  if (!color) return text;
  const char* code = s == Severity::critical ? "31;1" : s == Severity::warning ? "33" : "32";
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string phases_text(const RequestTiming& t) {
  if (!t.answered()) return "no answer: " + t.transport_error;
  std::string out;
  auto add = [&out](const char* name, const std::optional<double>& value) {
    if (value) out += fmt::format("{} {}  ", name, format_ms(*value));
  };
  if (t.reused) out += "reused connection  ";
  add("dns", t.dns_ms);
  add("tcp", t.tcp_ms);
  add("tls", t.tls_ms);
  add("server", t.server_ms);
  add("transfer", t.transfer_ms);
  return out + fmt::format("total {}  (HTTP {})", format_ms(t.total_ms), t.http_code);
}

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json timing_json(const std::optional<RequestTiming>& t) {
  if (!t) return nullptr;
  return {{"reused", t->reused},         {"dns_ms", optional_json(t->dns_ms)},
          {"tcp_ms", optional_json(t->tcp_ms)}, {"tls_ms", optional_json(t->tls_ms)},
          {"server_ms", optional_json(t->server_ms)}, {"transfer_ms", optional_json(t->transfer_ms)},
          {"total_ms", t->total_ms},     {"http_code", t->http_code},
          {"error", t->transport_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(t->transport_error)},
          {"remote_ip", t->remote_ip}};
}

}  // namespace

std::string render_text(const Measurements& m, const std::vector<Finding>& findings, bool color) {
  std::string out = fmt::format("tgperf doctor: {}{}\n\n", m.api_root,
                                m.bot.username.empty() ? std::string{} : " (bot @" + m.bot.username + ")");
  out += "Findings, the most costly first:\n";
  int n = 0;
  for (const auto& f : findings) {
    out += fmt::format("{:>3}. {} {}: {}\n", ++n, severity_label(f.severity, color), f.code, f.summary);
    out += fmt::format("       evidence: {}\n", f.evidence);
    out += fmt::format("       advice:   {}\n", f.advice);
    out += fmt::format("       next:     {}\n", f.next_command);
  }
  if (findings.empty()) out += "  none (the measurements were cut short)\n";

  out += "\nMeasurements:\n";
  const auto row = [&out](const std::string& name, const std::string& text) {
    out += fmt::format("  {:<17}{}\n", name, text);
  };
  std::string dns;
  if (!m.dns.error.empty()) {
    dns = m.dns.error;
  } else {
    auto list = [](const std::vector<std::string>& addresses) {
      return addresses.empty() ? std::string("none") : fmt::format("{}", fmt::join(addresses, ", "));
    };
    dns = fmt::format("{}: IPv4 {}; IPv6 {}", m.dns.host, list(m.dns.ipv4), list(m.dns.ipv6));
    dns += m.dns.lookup_ms ? fmt::format("; lookup {}", format_ms(*m.dns.lookup_ms)) : std::string("; an address, no lookup");
  }
  row("name resolution", dns);
  for (const auto& a : m.tcp) {
    const auto median = a.median_ms();
    row("TCP connect", fmt::format("{} (IPv{}): {} of {} connected{}{}", a.address, a.ip_version, a.rtt_ms.size(),
                                   a.probes, median ? ", median " + format_ms(*median) : std::string{},
                                   a.failure.empty() ? std::string{} : ", else " + a.failure));
  }
  if (m.timing.cold) row("getMe, cold", phases_text(*m.timing.cold));
  if (m.timing.warm) {
    std::string warm = phases_text(*m.timing.warm);
    if (m.timing.cold && m.timing.cold->answered() && m.timing.warm->answered()) {
      warm += fmt::format("; reuse saves {}", format_ms(m.timing.cold->total_ms - m.timing.warm->total_ms));
    }
    row("getMe, warm", warm);
  }
  if (m.bot.answered) {
    row("bot", m.bot.token_valid ? (m.bot.username.empty() ? std::string("token valid") : "@" + m.bot.username)
                                 : fmt::format("token refused: {} {}", m.bot.error_code, m.bot.description));
  }
  const WebhookMeasurement& w = m.webhook;
  if (w.read) {
    std::string mode = w.webhook_set ? "webhook to " + w.url_host : std::string("polling (no webhook set)");
    if (w.max_connections) mode += fmt::format(", max_connections {}", *w.max_connections);
    if (!w.ip_address.empty()) mode += ", ip_address " + w.ip_address;
    row("delivery", mode);
    std::string pending = std::to_string(w.pending_update_count);
    if (w.pending_update_count_later) {
      pending += fmt::format(", {} after {:.1f} s", *w.pending_update_count_later, w.recheck_after_s);
    }
    row("pending updates", pending);
    if (w.last_error_date) {
      row("last error", fmt::format("\"{}\", {:.0f} s ago (unix {})", w.last_error_message,
                                    w.last_error_age_s.value_or(0), *w.last_error_date));
    }
  } else if (!w.error.empty()) {
    row("getWebhookInfo", w.error);
  }
  if (m.clock.offset_s) {
    row("clock", fmt::format("server Date \"{}\": offset {:+.1f} s (server minus local, ±0.5 s)", m.clock.server_date,
                             *m.clock.offset_s));
  } else if (m.timing.cold && m.timing.cold->answered()) {
    row("clock", "not measured: the server sent no Date header");
  }
  return out;
}

nlohmann::json to_json(const Measurements& m, const std::vector<Finding>& findings) {
  nlohmann::json j;
  j["api_root"] = m.api_root;
  j["findings"] = nlohmann::json::array();
  for (const auto& f : findings) {
    j["findings"].push_back({{"severity", to_string(f.severity)},
                             {"code", f.code},
                             {"summary", f.summary},
                             {"evidence", f.evidence},
                             {"advice", f.advice},
                             {"next_command", f.next_command}});
  }
  j["dns"] = {{"host", m.dns.host},
              {"port", m.dns.port},
              {"literal", m.dns.literal},
              {"lookup_ms", optional_json(m.dns.lookup_ms)},
              {"ipv4", m.dns.ipv4},
              {"ipv6", m.dns.ipv6},
              {"error", m.dns.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.dns.error)}};
  j["tcp"] = nlohmann::json::array();
  for (const auto& a : m.tcp) {
    j["tcp"].push_back({{"address", a.address},
                        {"ip_version", a.ip_version},
                        {"probes", a.probes},
                        {"rtt_ms", a.rtt_ms},
                        {"median_ms", optional_json(a.median_ms())},
                        {"failure", a.failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.failure)}});
  }
  j["timing"] = {{"cold", timing_json(m.timing.cold)}, {"warm", timing_json(m.timing.warm)}};
  j["bot"] = {{"answered", m.bot.answered},
              {"token_valid", m.bot.token_valid},
              {"username", m.bot.username.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.bot.username)},
              {"error_code", m.bot.error_code == 0 ? nlohmann::json(nullptr) : nlohmann::json(m.bot.error_code)},
              {"description", m.bot.description.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.bot.description)}};
  const WebhookMeasurement& w = m.webhook;
  nlohmann::json webhook = {{"read", w.read}};
  if (w.read) {
    webhook["mode"] = w.webhook_set ? "webhook" : "polling";
    webhook["url_host"] = w.webhook_set ? nlohmann::json(w.url_host) : nlohmann::json(nullptr);
    webhook["pending_update_count"] = w.pending_update_count;
    webhook["pending_update_count_later"] =
        w.pending_update_count_later ? nlohmann::json(*w.pending_update_count_later) : nlohmann::json(nullptr);
    webhook["recheck_after_s"] = w.recheck_after_s;
    webhook["last_error_date"] = w.last_error_date ? nlohmann::json(*w.last_error_date) : nlohmann::json(nullptr);
    webhook["last_error_age_s"] = optional_json(w.last_error_age_s);
    webhook["last_error_message"] = w.last_error_date ? nlohmann::json(w.last_error_message) : nlohmann::json(nullptr);
    webhook["max_connections"] = w.max_connections ? nlohmann::json(*w.max_connections) : nlohmann::json(nullptr);
    webhook["ip_address"] = w.ip_address.empty() ? nlohmann::json(nullptr) : nlohmann::json(w.ip_address);
  } else if (!w.error.empty()) {
    webhook["error"] = w.error;
  }
  j["webhook"] = webhook;
  j["clock"] = {{"offset_s", optional_json(m.clock.offset_s)},
                {"server_date", m.clock.server_date.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.clock.server_date)}};
  return j;
}

}  // namespace tgperf::doctor
