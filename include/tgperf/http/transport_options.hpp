#pragma once
// How a request travels, in the words curl users know (-4/-6, --http1.1, --cacert, -k, --proxy,
// --resolve, --connect-timeout, --max-time), plus the connection policy that decides whether a
// request may reuse what earlier requests left behind (connection, DNS cache, TLS session).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tgperf::http {

class Easy;

enum class IpVersion { any, v4, v6 };
enum class HttpVersion { automatic, http1_1, http2 };

struct TransportOptions {
  IpVersion ip_version = IpVersion::any;
  HttpVersion http_version = HttpVersion::automatic;  // automatic: libcurl's default for the scheme
  std::string ca_file;                                // --cacert; empty: the system's store
  bool insecure = false;                              // -k: no certificate or host name check
  // --proxy. Unset: libcurl's usual environment variables (https_proxy, no_proxy, ...) apply.
  // An empty string disables every proxy, environment included.
  std::optional<std::string> proxy;
  std::vector<std::string> resolve;                   // --resolve HOST:PORT:ADDR entries
  std::optional<std::chrono::milliseconds> connect_timeout;  // whole connect phase incl. TLS
  std::optional<std::chrono::milliseconds> max_time;         // whole transfer
  std::string user_agent = "tgperf";

  // Connection policy. All three false: a request reuses a kept-alive connection, cached DNS
  // answers and TLS sessions, as a bot with a persistent session does.
  bool fresh_connection = false;  // new connection for this request, closed after it
  bool no_dns_cache = false;      // resolve again (libcurl caches answers 60 s, ignoring TTL)
  bool no_tls_session_cache = false;  // full TLS handshake, no session resumption

  // Every request cold: new connection, fresh DNS lookup, full handshake.
  static TransportOptions cold(TransportOptions base) {
    base.fresh_connection = base.no_dns_cache = base.no_tls_session_cache = true;
    return base;
  }
};

// Sets these options on `easy` (after Easy::reset(), or on a new handle). Throws std::runtime_error
// when libcurl rejects one (e.g. --http2 without HTTP/2 support).
void apply(Easy& easy, const TransportOptions& options);

}  // namespace tgperf::http
