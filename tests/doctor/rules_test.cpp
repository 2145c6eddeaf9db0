// doctor's rules over hand-made measurements: each rule fires on its case, stays quiet on a healthy
// bot, and the ranking puts what costs users most first.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tgperf/doctor/rules.hpp"

using namespace tgperf::doctor;

namespace {

AddressRtt address(std::string ip, int version, std::vector<double> rtts) {
  AddressRtt a;
  a.address = std::move(ip);
  a.ip_version = version;
  a.probes = static_cast<int>(rtts.size());
  a.rtt_ms = std::move(rtts);
  return a;
}

RequestTiming answered(double total, std::optional<double> server, bool reused, std::optional<double> tls = {}) {
  RequestTiming t;
  t.reused = reused;
  t.total_ms = total;
  t.server_ms = server;
  t.tls_ms = tls;
  t.http_code = 200;
  t.remote_ip = "149.154.167.220";
  if (!reused) {
    t.dns_ms = 1;
    t.tcp_ms = 8;
  }
  return t;
}

// A bot with nothing wrong: 8 ms away, a quick server, polling with nothing pending.
Measurements healthy() {
  Measurements m;
  m.api_root = "https://api.telegram.org";
  m.dns.host = "api.telegram.org";
  m.dns.port = 443;
  m.dns.lookup_ms = 2;
  m.dns.ipv4 = {"149.154.167.220"};
  m.tcp = {address("149.154.167.220", 4, {8, 9, 8.5})};
  m.timing.cold = answered(40, 12, false, 16);
  m.timing.warm = answered(13, 11, true);
  m.bot.answered = true;
  m.bot.token_valid = true;
  m.bot.username = "example_bot";
  m.webhook.read = true;
  return m;
}

std::vector<std::string> codes(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.code);
  return out;
}

}  // namespace

TEST_CASE("a healthy bot is diagnosed healthy first, with exit status 0") {
  const auto findings = diagnose(healthy());
  REQUIRE(!findings.empty());
  CHECK(findings.front().code == "healthy");
  CHECK(findings.front().severity == Severity::info);
  CHECK(exit_status(findings) == 0);
  CHECK(check_rtt(healthy())->code == "rtt_excellent");
}

TEST_CASE("healthy is not claimed when the token was never checked") {
  Measurements m = healthy();
  m.bot = {};
  m.webhook = {};
  for (const auto& f : diagnose(m)) CHECK(f.code != "healthy");
}

TEST_CASE("RTT is graded at the wiki's marks exactly as ping grades it: under 15 excellent, 15 to 50 good") {
  // Each mark and one step either side; the median of three equal samples is the sample.
  const std::pair<double, const char*> cases[] = {{14.9, "rtt_excellent"}, {15.0, "rtt_good"}, {15.1, "rtt_good"},
                                                  {49.9, "rtt_good"},      {50.0, "rtt_good"}, {50.1, "rtt_far"}};
  for (const auto& [ms, code] : cases) {
    CAPTURE(ms);
    Measurements m = healthy();
    m.tcp = {address("149.154.167.220", 4, {ms, ms, ms})};
    CHECK(check_rtt(m)->code == code);
  }
}

TEST_CASE("RTT is graded with the wiki's thresholds") {
  Measurements m = healthy();
  m.tcp = {address("149.154.167.220", 4, {30, 31, 29})};
  CHECK(check_rtt(m)->code == "rtt_good");
  m.tcp = {address("149.154.167.220", 4, {230, 231, 229})};
  const auto far = check_rtt(m);
  REQUIRE(far);
  CHECK(far->code == "rtt_far");
  CHECK(far->severity == Severity::warning);
  CHECK(far->evidence.find("230 ms") != std::string::npos);
  CHECK(diagnose(m).front().code == "rtt_far");
  CHECK(exit_status(diagnose(m)) == 1);
}

TEST_CASE("an invalid token comes first, with the API's answer as evidence") {
  Measurements m = healthy();
  m.bot = {};
  m.bot.answered = true;
  m.bot.error_code = 401;
  m.bot.description = "Unauthorized";
  m.webhook = {};
  const auto findings = diagnose(m);
  CHECK(findings.front().code == "token_invalid");
  CHECK(findings.front().severity == Severity::critical);
  CHECK(findings.front().evidence.find("401") != std::string::npos);
}

TEST_CASE("an unreachable API: refused connects, unresolvable names, failing requests") {
  Measurements m;
  m.api_root = "http://127.0.0.1:9";
  m.dns.host = "127.0.0.1";
  m.dns.port = 9;
  m.dns.literal = true;
  m.dns.ipv4 = {"127.0.0.1"};
  AddressRtt refused;
  refused.address = "127.0.0.1";
  refused.probes = 3;
  refused.failure = "refused";
  m.tcp = {refused};
  auto findings = diagnose(m);
  CHECK(findings.front().code == "api_unreachable");
  CHECK(findings.front().evidence.find("refused") != std::string::npos);
  CHECK(findings.front().next_command.find("tgperf ping 127.0.0.1:9") != std::string::npos);

  Measurements unresolved;
  unresolved.dns.host = "api.example.invalid";
  unresolved.dns.error = "cannot resolve 'api.example.invalid': Name or service not known";
  CHECK(diagnose(unresolved).front().code == "api_unreachable");

  Measurements tls = healthy();
  tls.timing.cold = RequestTiming{};
  tls.timing.cold->transport_error = "SSL certificate problem: unable to get local issuer certificate";
  tls.timing.warm.reset();
  tls.bot = {};
  tls.webhook = {};
  CHECK(diagnose(tls).front().code == "api_unreachable");
}

TEST_CASE("a webhook that times out is critical and explains to answer first") {
  Measurements m = healthy();
  m.webhook.webhook_set = true;
  m.webhook.url_host = "bot.example.com";
  m.webhook.pending_update_count = 120;
  m.webhook.pending_update_count_later = 121;
  m.webhook.last_error_date = 1'700'000'000;
  m.webhook.last_error_age_s = 4;
  m.webhook.last_error_message = "Read timeout expired";
  m.webhook.max_connections = 40;
  const auto findings = diagnose(m);
  REQUIRE(codes(findings).size() >= 2);
  CHECK(findings[0].code == "webhook_read_timeout");
  CHECK(findings[0].severity == Severity::critical);
  CHECK(findings[0].evidence.find("Read timeout expired") != std::string::npos);
  CHECK(findings[0].advice.find("200") != std::string::npos);
  CHECK(findings[1].code == "update_backlog");

  m.webhook.last_error_message = "Wrong response from the webhook: 502 Bad Gateway";
  CHECK(check_webhook_errors(m)->code == "webhook_wrong_response");
  m.webhook.last_error_message = "Connection refused";
  CHECK(check_webhook_errors(m)->code == "webhook_refused");
  m.webhook.last_error_age_s = 3 * 86400.0;
  CHECK(check_webhook_errors(m)->severity == Severity::info);
}

TEST_CASE("pending updates that nobody takes, with no webhook, mean no consumer") {
  Measurements m = healthy();
  m.webhook.pending_update_count = 50;
  m.webhook.pending_update_count_later = 50;
  m.webhook.recheck_after_s = 1.0;
  auto findings = diagnose(m);
  CHECK(findings.front().code == "no_consumer");
  const auto found = codes(findings);
  CHECK(std::find(found.begin(), found.end(), "update_backlog") == found.end());

  // A count that goes down: somebody polls, it is only behind.
  m.webhook.pending_update_count_later = 30;
  CHECK_FALSE(check_no_consumer(m));
  findings = diagnose(m);
  CHECK(findings.front().code == "update_backlog");
  // Not read twice (nothing pending at first): no claim about a consumer.
  m.webhook.pending_update_count = 0;
  m.webhook.pending_update_count_later.reset();
  CHECK_FALSE(check_no_consumer(m));
}

TEST_CASE("a slow server dominates even the warm request") {
  Measurements m = healthy();
  m.timing.cold = answered(330, 305, false);
  m.timing.warm = answered(310, 302, true);
  const auto findings = diagnose(m);
  CHECK(findings.front().code == "server_slow");
  CHECK(findings.front().evidence.find("302 ms") != std::string::npos);
  // 30 ms of server time is one round trip and a little work: not a finding.
  m.timing.warm = answered(35, 30, true);
  CHECK_FALSE(check_server_time(m));
}

TEST_CASE("a TLS handshake that dominates the cold request") {
  Measurements m = healthy();
  m.timing.cold = answered(100, 12, false, 70);
  m.timing.warm = answered(13, 11, true);
  auto f = check_tls(m);
  REQUIRE(f);
  CHECK(f->code == "tls_dominates");
  CHECK(f->severity == Severity::info);  // the connection is reused: only reconnecting bots pay it
  m.timing.warm = answered(95, 12, false, 68);
  CHECK(check_tls(m)->severity == Severity::warning);
  m.timing.cold = answered(100, 12, false, 10);
  CHECK_FALSE(check_tls(m));
}

TEST_CASE("IPv6 that is broken or slower than IPv4") {
  Measurements m = healthy();
  AddressRtt silent;
  silent.address = "2001:67c:4e8:f004::9";
  silent.ip_version = 6;
  silent.probes = 1;
  silent.failure = "timeout";
  m.tcp.push_back(silent);
  CHECK(check_ipv6(m)->code == "ipv6_broken");
  m.tcp.back() = address("2001:67c:4e8:f004::9", 6, {60, 61, 62});
  CHECK(check_ipv6(m)->code == "ipv6_slow");
  m.tcp.back() = address("2001:67c:4e8:f004::9", 6, {9, 9, 10});
  CHECK_FALSE(check_ipv6(m));
}

TEST_CASE("a skewed clock, beyond the Date header's resolution") {
  Measurements m = healthy();
  m.clock.server_date = "Wed, 02 Dec 2026 07:00:00 GMT";
  m.clock.offset_s = 0.8;
  CHECK_FALSE(check_clock(m));
  m.clock.offset_s = -42.5;
  const auto f = check_clock(m);
  REQUIRE(f);
  CHECK(f->code == "clock_skew");
  CHECK(f->evidence.find("42.5 s ahead") != std::string::npos);
}

TEST_CASE("ranking: severity first, then the cost to users") {
  std::vector<Finding> findings(3);
  findings[0] = {Severity::info, "a", "", "", "", "", 1000};
  findings[1] = {Severity::warning, "b", "", "", "", "", 10};
  findings[2] = {Severity::warning, "c", "", "", "", "", 500};
  rank(findings);
  CHECK(codes(findings) == std::vector<std::string>{"c", "b", "a"});
}
