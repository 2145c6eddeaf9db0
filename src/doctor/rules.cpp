// The doctor's rules. Each reads Measurements and says one thing, with the number it rests on.
#include "tgperf/doctor/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/probe/rtt_grade.hpp"

namespace tgperf::doctor {
namespace {

// A backlog worth a warning: more updates waiting than a bot keeping up ever has queued.
constexpr std::int64_t kBacklogUpdates = 10;
// A webhook error older than this is history, not the present problem.
constexpr double kRecentErrorS = 3600;
// The share of the cold request a TLS handshake must take to dominate it.
constexpr double kTlsDominantShare = 0.4;
// Server think time (server phase minus one round trip) that users notice on every call.
constexpr double kSlowServerMs = 100;
// Date has whole seconds: an offset below this is within its resolution.
constexpr double kClockSkewS = 2;
// Ranks the findings that stop the bot altogether above any delay.
constexpr double kBotStopped = 1e9;
// Telegram waits this long for a webhook's answer before it calls it a timeout.
constexpr double kTelegramWebhookTimeoutMs = 60'000;

std::string seconds_ago(double age_s) {
  if (age_s < 120) return fmt::format("{:.0f} s ago", std::max(age_s, 0.0));
  if (age_s < 7200) return fmt::format("{:.0f} min ago", age_s / 60);
  if (age_s < 172800) return fmt::format("{:.0f} h ago", age_s / 3600);
  return fmt::format("{:.0f} days ago", age_s / 86400);
}

// " --api-url ROOT" for the suggested commands, unless it is Telegram's own.
std::string api_flag(const Measurements& m) {
  if (m.api_root.empty() || m.api_root == botapi::kDefaultApiRoot) return {};
  return " --api-url " + m.api_root;
}

std::string host_port(const Measurements& m) {
  const bool v6 = m.dns.host.find(':') != std::string::npos;
  return fmt::format("{}{}{}:{}", v6 ? "[" : "", m.dns.host, v6 ? "]" : "", m.dns.port);
}

// The RTT the bot's requests see: of the address the cold request used, else the best one.
std::optional<double> effective_rtt(const Measurements& m) {
  std::optional<double> best;
  for (const auto& a : m.tcp) {
    const auto median = a.median_ms();
    if (!median) continue;
    if (m.timing.cold && m.timing.cold->remote_ip == a.address) return median;
    if (!best || *median < *best) best = median;
  }
  return best;
}

std::optional<double> best_median(const Measurements& m, int ip_version) {
  std::optional<double> best;
  for (const auto& a : m.tcp) {
    if (a.ip_version != ip_version) continue;
    if (const auto median = a.median_ms(); median && (!best || *median < *best)) best = median;
  }
  return best;
}

bool family_probed(const Measurements& m, int ip_version) {
  return std::any_of(m.tcp.begin(), m.tcp.end(), [&](const AddressRtt& a) { return a.ip_version == ip_version; });
}

// The request a steady bot makes: the warm one when it was answered, else the cold one.
const RequestTiming* steady_request(const Measurements& m) {
  if (m.timing.warm && m.timing.warm->answered()) return &*m.timing.warm;
  if (m.timing.cold && m.timing.cold->answered()) return &*m.timing.cold;
  return nullptr;
}

}  // namespace

std::optional<Finding> check_reachability(const Measurements& m) {
  Finding f;
  f.severity = Severity::critical;
  f.code = "api_unreachable";
  f.cost_ms = kBotStopped + 1;
  if (!m.dns.resolved() && !m.dns.error.empty()) {
    f.summary = "The Bot API's host name does not resolve: the bot cannot reach the API at all";
    f.evidence = fmt::format("looking up {}: {}", m.dns.host, m.dns.error);
    f.advice = "Check this machine's DNS (/etc/resolv.conf, the resolver it names) and the API URL.";
    f.next_command = "tgperf ping " + m.dns.host;
    return f;
  }
  const bool any_connected =
      std::any_of(m.tcp.begin(), m.tcp.end(), [](const AddressRtt& a) { return !a.rtt_ms.empty(); });
  if (!m.tcp.empty() && !any_connected) {
    const AddressRtt& first = m.tcp.front();
    f.summary = "Nothing accepts TCP connections at the Bot API's address: the bot cannot reach the API";
    f.evidence = fmt::format("TCP connect to {} ({}): {} on {} of {} probes{}", host_port(m), first.address,
                             first.failure.empty() ? "no answer" : first.failure, first.probes, first.probes,
                             m.tcp.size() > 1 ? fmt::format(", and {} more addresses alike", m.tcp.size() - 1) : "");
    f.advice = "Check the API URL and port, a firewall on the way, and (for a local Bot API server) that it runs.";
    f.next_command = "tgperf ping " + host_port(m);
    return f;
  }
  if (m.timing.cold && !m.timing.cold->answered() && !m.timing.cold->transport_error.empty()) {
    f.summary = "TCP connects, but no Bot API request gets an answer";
    f.evidence = "getMe: " + m.timing.cold->transport_error;
    f.advice = "Check TLS (the CA store or --cacert), a proxy from the *_proxy variables, and the API URL's scheme.";
    f.next_command = "tgperf curl-timing --token-file FILE" + api_flag(m);
    return f;
  }
  return std::nullopt;
}

std::optional<Finding> check_token(const Measurements& m) {
  if (!m.bot.answered || m.bot.token_valid) return std::nullopt;
  Finding f;
  f.severity = Severity::critical;
  f.code = "token_invalid";
  f.cost_ms = kBotStopped;
  f.summary = "The Bot API refuses the token: the bot gets no updates and can send nothing";
  f.evidence = fmt::format("getMe answered {} \"{}\"", m.bot.error_code, m.bot.description);
  f.advice = "Copy the token again from @BotFather (/mybots, API Token); a revoked token stays invalid. "
             "With a local Bot API server, check that the bot was logged in there.";
  f.next_command = "tgperf curl-timing --token-file FILE" + api_flag(m);
  return f;
}

std::optional<Finding> check_webhook_errors(const Measurements& m) {
  const WebhookMeasurement& w = m.webhook;
  if (!w.read || !w.webhook_set || !w.last_error_date) return std::nullopt;
  const double age = w.last_error_age_s.value_or(0);
  Finding f;
  f.severity = age <= kRecentErrorS ? Severity::critical : Severity::info;
  const std::string& message = w.last_error_message;
  if (message.find("timeout") != std::string::npos || message.find("Timeout") != std::string::npos) {
    f.code = "webhook_read_timeout";
    f.summary = "The webhook does not answer in time: Telegram gives up on each delivery and sends it again later";
    f.advice = "Answer the webhook with 200 at once and do the work afterwards (a queue or a background task), "
               "or put the reply method in the webhook's answer; each timed-out update waits out Telegram's "
               "timeout, then a growing backoff.";
    f.cost_ms = kTelegramWebhookTimeoutMs;
  } else if (message.find("Wrong response") != std::string::npos) {
    f.code = "webhook_wrong_response";
    f.summary = "The webhook answers with an error status: Telegram delivers each update again, later";
    f.advice = "The handler or the reverse proxy in front of it fails (see their logs); answer 200 even when "
               "handling fails, or every failed update comes back with a growing delay.";
    f.cost_ms = 2000;
  } else if (message.find("refused") != std::string::npos) {
    f.code = "webhook_refused";
    f.summary = "Nothing accepts connections at the webhook's address: updates wait for it to come back";
    f.advice = "Check that the bot (or its reverse proxy) runs and listens on the webhook URL's host and port.";
    f.cost_ms = 5000;
  } else {
    f.code = "webhook_error";
    f.summary = "Telegram cannot deliver to the webhook";
    f.advice = "Check the webhook URL, its certificate and the server behind it.";
    f.cost_ms = 2000;
  }
  if (f.severity == Severity::info) {
    f.summary = "The webhook failed a while ago, not recently";
    f.cost_ms = 0;
  }
  f.evidence = fmt::format("getWebhookInfo: last_error_message \"{}\" {}, {} pending, webhook host {}", message,
                           seconds_ago(age), w.pending_update_count, w.url_host);
  f.next_command = "tgperf echo-bench --updates 300  # how dispatch models keep up with a backlog";
  return f;
}

std::optional<Finding> check_no_consumer(const Measurements& m) {
  const WebhookMeasurement& w = m.webhook;
  if (!w.read || w.webhook_set || w.pending_update_count <= 0 || !w.pending_update_count_later) return std::nullopt;
  if (*w.pending_update_count_later < w.pending_update_count) return std::nullopt;  // someone fetches
  Finding f;
  f.severity = Severity::critical;
  f.code = "no_consumer";
  f.cost_ms = kBotStopped - 1;
  f.summary = "Updates pile up and nothing fetches them: no webhook is set and no getUpdates took any";
  f.evidence = fmt::format("pending_update_count {}, still {} {:.1f} s later; no webhook set", w.pending_update_count,
                           *w.pending_update_count_later, w.recheck_after_s);
  f.advice = "Start the bot (did its process or its polling loop die?). Telegram keeps updates for 24 hours. "
             "doctor never calls getUpdates itself: that would take the updates from a running bot.";
  f.next_command = "tgperf echo-bot --token-file FILE" + api_flag(m) + "  # a poller that times each update";
  return f;
}

std::optional<Finding> check_backlog(const Measurements& m) {
  const WebhookMeasurement& w = m.webhook;
  if (!w.read || w.pending_update_count < kBacklogUpdates) return std::nullopt;
  if (check_no_consumer(m)) return std::nullopt;  // the same updates, a worse cause
  const RequestTiming* steady = steady_request(m);
  const double per_update_ms = steady ? steady->total_ms : 100;
  Finding f;
  f.severity = Severity::warning;
  f.code = "update_backlog";
  f.cost_ms = static_cast<double>(w.pending_update_count) * per_update_ms;
  f.summary = fmt::format("{} updates wait: the bot does not keep up, and the newest waits behind them all",
                          w.pending_update_count);
  f.evidence = fmt::format("pending_update_count {}", w.pending_update_count);
  if (w.pending_update_count_later) {
    f.evidence += fmt::format(", {} after {:.1f} s", *w.pending_update_count_later, w.recheck_after_s);
  }
  if (w.webhook_set) {
    f.advice = fmt::format("Answer the webhook before doing the work, and let Telegram deliver in parallel "
                           "(max_connections is {}) if the bot handles updates concurrently.",
                           w.max_connections ? std::to_string(*w.max_connections) : std::string("unknown"));
  } else {
    f.advice = "Handle updates concurrently (python-telegram-bot: concurrent_updates), keep one HTTP session, "
               "and do slow work outside the update handler.";
  }
  f.next_command = "tgperf echo-bench --updates 300  # sync vs threaded vs event-loop dispatch";
  return f;
}

std::optional<Finding> check_rtt(const Measurements& m) {
  const auto rtt = effective_rtt(m);
  if (!rtt) return std::nullopt;
  Finding f;
  f.evidence = fmt::format("median TCP connect to {}: {}", host_port(m), format_ms(*rtt));
  f.next_command = "tgperf ping " + host_port(m);
  f.cost_ms = 2 * *rtt;  // a poll and a reply per update, at least
  // The wiki's grades, as ping gives them (probe/rtt_grade.hpp).
  const auto grade = probe::grade_rtt(*rtt);
  if (grade == probe::RttGrade::excellent) {
    f.severity = Severity::info;
    f.code = "rtt_excellent";
    f.summary = "The network path to the Bot API is excellent (RTT under 15 ms)";
    f.advice = "Nothing to gain from moving the bot closer.";
  } else if (grade == probe::RttGrade::good) {
    f.severity = Severity::info;
    f.code = "rtt_good";
    f.summary = "The network path to the Bot API is good (RTT at most 50 ms)";
    f.advice = "Keep connections alive so each call pays one round trip, not three.";
  } else {
    f.severity = Severity::warning;
    f.code = "rtt_far";
    f.summary = "The bot is far from the Bot API (RTT above 50 ms): every call pays it";
    f.advice = "Host the bot near Telegram's data centre for bots (Amsterdam), or keep connections alive and "
               "send replies without waiting for each other.";
  }
  return f;
}

std::optional<Finding> check_ipv6(const Measurements& m) {
  const auto v4 = best_median(m, 4);
  const auto v6 = best_median(m, 6);
  if (!v4 || !family_probed(m, 6)) return std::nullopt;
  Finding f;
  f.severity = Severity::warning;
  f.next_command = "tgperf ping -6 " + m.dns.host;
  if (!v6) {
    f.code = "ipv6_broken";
    f.summary = "The API's IPv6 addresses do not connect while IPv4 does: clients that try IPv6 first wait";
    f.evidence = fmt::format("IPv4 median {}; IPv6: no connect ({})", format_ms(*v4),
                             std::find_if(m.tcp.begin(), m.tcp.end(), [](const AddressRtt& a) {
                               return a.ip_version == 6;
                             })->failure);
    f.advice = "Fix the IPv6 route, or make the bot use IPv4 (e.g. bind its HTTP client to 0.0.0.0).";
    f.cost_ms = 200;  // happy eyeballs' fallback delay, at best
    return f;
  }
  if (*v6 <= *v4 * 1.5 || *v6 - *v4 <= 10) return std::nullopt;
  f.code = "ipv6_slow";
  f.summary = "The IPv6 path to the API is slower than IPv4";
  f.evidence = fmt::format("median TCP connect: IPv6 {}, IPv4 {}", format_ms(*v6), format_ms(*v4));
  f.advice = "Prefer IPv4 for the bot's HTTP client, or ask the provider about the IPv6 route.";
  f.cost_ms = 2 * (*v6 - *v4);
  return f;
}

std::optional<Finding> check_tls(const Measurements& m) {
  const auto& cold = m.timing.cold;
  if (!cold || !cold->answered() || !cold->tls_ms || cold->total_ms <= 0) return std::nullopt;
  if (*cold->tls_ms < kTlsDominantShare * cold->total_ms) return std::nullopt;
  const auto& warm = m.timing.warm;
  Finding f;
  f.code = "tls_dominates";
  f.cost_ms = *cold->tls_ms;
  f.evidence = fmt::format("TLS handshake {} of the cold getMe's {}", format_ms(*cold->tls_ms), format_ms(cold->total_ms));
  if (warm && warm->answered()) {
    f.evidence += fmt::format("; the warm one {} and took {}",
                              warm->reused ? "reused the connection" : "opened a new connection", format_ms(warm->total_ms));
  }
  if (warm && warm->answered() && !warm->reused) {
    f.severity = Severity::warning;
    f.summary = "The TLS handshake dominates, and the connection is not kept: every request pays it";
    f.advice = "Keep the connection alive: one HTTP session for every call (check a proxy in between).";
  } else {
    f.severity = Severity::info;
    f.summary = "The TLS handshake dominates a cold request: a bot that reconnects pays it every time";
    f.advice = fmt::format("Use one HTTP session for all calls{}.",
                           warm && warm->answered()
                               ? fmt::format(" (reuse saved {} on the warm request)", format_ms(cold->total_ms - warm->total_ms))
                               : std::string{});
  }
  f.next_command = "tgperf curl-timing --token-file FILE" + api_flag(m) + " -n 5 --fresh";
  return f;
}

std::optional<Finding> check_server_time(const Measurements& m) {
  const RequestTiming* steady = steady_request(m);
  if (!steady || !steady->server_ms) return std::nullopt;
  const double rtt = effective_rtt(m).value_or(0);
  const double think = *steady->server_ms - rtt;
  if (think < kSlowServerMs || *steady->server_ms < 0.5 * steady->total_ms) return std::nullopt;
  Finding f;
  f.severity = Severity::warning;
  f.code = "server_slow";
  f.cost_ms = 2 * think;
  f.summary = "The Bot API server itself is slow to answer, even on a warm connection";
  f.evidence = fmt::format("server phase {} of the {} getMe's {} (TCP RTT {}): about {} of waiting on the server",
                           format_ms(*steady->server_ms), steady->reused ? "warm" : "cold", format_ms(steady->total_ms), format_ms(rtt),
                           format_ms(think));
  f.advice = "getMe does no work, so this is the server's own delay (Telegram's, a local Bot API server's, or a "
             "proxy's) and every call pays it; a local Bot API server busy with file transfers is a common cause.";
  f.next_command = "tgperf curl-timing --token-file FILE" + api_flag(m) + " -n 20";
  return f;
}

std::optional<Finding> check_clock(const Measurements& m) {
  if (!m.clock.offset_s || std::fabs(*m.clock.offset_s) < kClockSkewS) return std::nullopt;
  Finding f;
  f.severity = Severity::warning;
  f.code = "clock_skew";
  f.summary = "The local clock is off: a bot that compares message dates with it misjudges their age";
  f.evidence = fmt::format("server Date \"{}\": the local clock is {:.1f} s {}", m.clock.server_date,
                           std::fabs(*m.clock.offset_s), *m.clock.offset_s > 0 ? "behind" : "ahead");
  f.advice = "Synchronise the clock (timedatectl set-ntp true, or chrony).";
  f.next_command = "tgperf curl-timing --token-file FILE" + api_flag(m) + " -n 1 --json  # the response headers";
  return f;
}

std::vector<Finding> diagnose(const Measurements& m) {
  std::vector<Finding> findings;
  for (const auto rule : {check_reachability, check_token, check_webhook_errors, check_no_consumer, check_backlog,
                          check_rtt, check_ipv6, check_tls, check_server_time, check_clock}) {
    if (auto finding = rule(m)) findings.push_back(std::move(*finding));
  }
  rank(findings);
  // "Healthy" only on a full measurement: the token worked and getWebhookInfo was read.
  if (exit_status(findings) == 0 && m.bot.token_valid && m.webhook.read) {
    Finding healthy;
    healthy.code = "healthy";
    healthy.summary = "No problem found: the API answers, the token works and no update is waiting";
    const RequestTiming* steady = steady_request(m);
    healthy.evidence = fmt::format("{}; pending_update_count {}", steady ? "warm getMe " + format_ms(steady->total_ms) : "getMe not timed",
                                   m.webhook.pending_update_count);
    healthy.advice = "If users still wait, time the bot's own handling of updates.";
    healthy.next_command = "tgperf echo-bench --updates 300";
    findings.insert(findings.begin(), std::move(healthy));
  }
  return findings;
}

}  // namespace tgperf::doctor
