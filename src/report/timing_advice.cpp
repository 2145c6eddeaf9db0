#include "tgperf/report/timing_advice.hpp"

#include "tgperf/http/curl_codes.hpp"

#include <fmt/format.h>

#include <set>

namespace tgperf::report {

using http::Micros;
namespace {

const PhaseStats* find(const TimingSummary& s, std::string_view phase) {
  for (const auto& p : s.phases) {
    if (p.phase == phase) return &p;
  }
  return nullptr;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// CURLcode values by name (http/curl_codes.hpp: report does not include libcurl's headers).
using namespace http::curl_codes;

// A timeout means different things by where it struck, and the phase instants say where: no TCP
// connection (the path), a connection but no TLS (a middlebox or a port not speaking TLS), or a
// request sent and no answer (the server, or a proxy holding it). A reused connection was connected.
std::string timeout_advice(const botapi::TimingRecord& r) {
  const bool connected = r.phases.reused || r.response.times.connect > Micros::zero();
  const bool secured = r.phases.reused || r.response.scheme != "https" || r.response.times.appconnect > Micros::zero();
  if (!connected) {
    return "Could not connect in time (no TCP handshake completed): the network path is blocked or very "
           "slow, or a firewall drops the packets; try -4/-6, a proxy, or a longer --connect-timeout.";
  }
  if (!secured) {
    return "Connected, but the TLS handshake did not finish in time: the port may not speak TLS (try "
           "http://), or a proxy or middlebox stalls it.";
  }
  return "Connected, but the server did not answer in time: the request was sent and nothing came back "
         "before the limit; the server (or a proxy) is overloaded or holding it: raise --max-time or retry.";
}

std::string transport_advice(const botapi::TimingRecord& r) {
  switch (r.response.curl_code) {
    case kCouldntResolveHost:
      return "The API host name does not resolve: check --api-url and this host's DNS "
             "(/etc/resolv.conf), or pin an address with --resolve HOST:PORT:ADDR.";
    case kCouldntResolveProxy:
      return "The proxy could not be used (malformed, or its name does not resolve): check --proxy "
             "or the *_proxy environment variables.";
    case kCouldntConnect:
      return "The connection was refused or the host is unreachable: check --api-url (host and "
             "port), a firewall, or whether the local Bot API server is running.";
    case kPartialFile:
      return fmt::format("The server began its answer (HTTP {}) and closed the connection mid-body ({}): "
                         "a proxy, load balancer or the server itself cut it; a bot must retry such "
                         "a call, and it may already have been carried out.",
                         r.response.http_code, r.response.error);
    case kGotNothing:
    case kRecvError:
      return fmt::format("The server closed the connection without an answer ({}): it or something "
                         "in between is overloaded or restarting; retry with backoff.",
                         r.response.error);
    case kOperationTimedout:
      return timeout_advice(r);
    case kPeerFailedVerification:
    case kSslCacertBadfile:
      return "The server's TLS certificate is not trusted: for a local server pass its CA with "
             "--cacert FILE (or -k to skip the check, for tests only); for api.telegram.org "
             "install the system's CA certificates, or check for an intercepting proxy.";
    case kSslConnectError:
      return "The TLS handshake failed: the server may not speak TLS on that port (try http://), "
             "or a proxy interferes.";
    default:
      return fmt::format("The request failed before an answer (curl error {}): {}", r.response.curl_code,
                         r.response.error);
  }
}

std::string api_error_advice(const botapi::TimingRecord& r) {
  const int code = r.error_code.value_or(static_cast<int>(r.response.http_code));
  const std::string& d = r.description;
  if (code == 401) {
    return "401 Unauthorized: the token is wrong or was revoked; copy it again from @BotFather "
           "(/mybots -> API Token).";
  }
  if (code == 404) {
    return "404 Not Found: the API URL is wrong (or the method name is); --api-url is the root "
           "only, e.g. https://api.telegram.org, without /bot<token>.";
  }
  if (code == 429) {
    return fmt::format("429 Too Many Requests: a flood limit; wait {} before retrying (about 1 "
                       "message/s per chat and 30/s overall are tolerated).",
                       r.retry_after ? fmt::format("{} s", r.retry_after->count())
                                     : std::string("the retry_after it gives"));
  }
  if (code == 400 && contains(d, "chat not found")) {
    return "400 chat not found: the user must start the bot first (open it and press Start), or "
           "the chat id is wrong (ask @userinfobot for yours).";
  }
  if (code == 403) {
    return "403 Forbidden: the bot cannot write to this chat (the user blocked it, or it is not a "
           "member of the group).";
  }
  if (code == 409) {
    return "409 Conflict: a webhook is set or another bot instance is polling; deleteWebhook, or "
           "stop the other instance.";
  }
  return fmt::format("{} {}: the request was refused by the Bot API; see its description.", code, d);
}

}  // namespace

std::vector<std::string> timing_advice(std::span<const botapi::TimingRecord> records,
                                       const TimingSummary& summary) {
  std::vector<std::string> advice;
  std::set<std::string> seen;  // one sentence per distinct failure, not one per request
  auto add = [&](std::string text) {
    if (seen.insert(text).second) advice.push_back(std::move(text));
  };

  for (const auto& r : records) {
    if (!r.answered()) {
      add(transport_advice(r));
    } else if (r.malformed) {
      add(fmt::format("HTTP {} with a body that is not a Bot API answer: --api-url points at "
                      "something else, or a proxy answered.",
                      r.response.http_code));
    } else if (!r.api_ok) {
      add(api_error_advice(r));
    }
  }

  const auto* tcp = find(summary, "tcp");
  if (tcp && tcp->cold) {
    const double v = tcp->cold->p50;
    if (v > kTcpFarMs) {
      add(fmt::format("TCP connect takes {:.1f} ms (one round trip): this host is far from the Bot "
                      "API (the wiki: <= {:.0f} ms is good, < {:.0f} ms from central Europe); "
                      "consider a host near the Netherlands.",
                      v, kTcpFarMs, kTcpCentralMs));
    }
  }
  const auto* dns = find(summary, "dns");
  if (dns && dns->cold && dns->cold->p50 > kDnsSlowMs) {
    add(fmt::format("DNS lookups take {:.1f} ms: run a local caching resolver (systemd-resolved, "
                    "unbound, dnsmasq); a kept-alive connection skips the lookup entirely.",
                    dns->cold->p50));
  }
  if (summary.reuse_saving_ms && *summary.reuse_saving_ms > kReuseWorthMs) {
    add(fmt::format("A new connection costs {:.1f} ms more than a reused one: keep connections "
                    "alive (one long-lived HTTP session per bot), saving {:.1f} ms a call.",
                    *summary.reuse_saving_ms, *summary.reuse_saving_ms));
  } else if (!summary.reuse_saving_ms && summary.cold_requests > 1 && summary.warm_requests == 0) {
    // --fresh: every request paid for a new connection.
    const auto* total = find(summary, "total");
    const auto* server = find(summary, "server");
    if (total && total->cold && server && server->cold) {
      const double setup = total->cold->p50 - server->cold->p50;
      if (setup > kReuseWorthMs) {
        add(fmt::format("Every request opened a new connection, spending about {:.1f} ms outside "
                        "the server's processing: a bot that keeps its connection alive saves most "
                        "of that per call.",
                        setup));
      }
    }
  }
  const auto* server = find(summary, "server");
  const auto* total = find(summary, "total");
  if (server && total) {
    const auto& s = server->warm ? server->warm : server->cold;
    const auto& t = total->warm ? total->warm : total->cold;
    if (s && t && t->p50 > 0 && s->p50 > kServerDominantMs && s->p50 / t->p50 > kServerDominantShare) {
      add(fmt::format("The server's processing ({:.1f} ms, {:.0f}% of a request) dominates: that is "
                      "on Telegram's side (or a flood limit slowing you); your host cannot make it "
                      "faster.",
                      s->p50, 100 * s->p50 / t->p50));
    }
  }
  if (advice.empty()) {
    add("Nothing to fix: every request succeeded and no phase stands out.");
  }
  return advice;
}

}  // namespace tgperf::report
