#include "tgperf/http/transport_options.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <string>

#include "tgperf/http/easy.hpp"

namespace tgperf::http {
namespace {

template <typename Value>
void set(CURL* h, CURLoption option, Value value, const char* what) {
  const CURLcode code = curl_easy_setopt(h, option, value);
  if (code != CURLE_OK) {
    throw std::runtime_error(std::string("cannot use ") + what + ": " + curl_easy_strerror(code));
  }
}

}  // namespace

void apply(Easy& easy, const TransportOptions& o) {
  CURL* h = easy.get();
  switch (o.ip_version) {
    case IpVersion::any: break;
    case IpVersion::v4: set(h, CURLOPT_IPRESOLVE, long{CURL_IPRESOLVE_V4}, "-4"); break;
    case IpVersion::v6: set(h, CURLOPT_IPRESOLVE, long{CURL_IPRESOLVE_V6}, "-6"); break;
  }
  switch (o.http_version) {
    case HttpVersion::automatic: break;
    case HttpVersion::http1_1:
      set(h, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1}, "--http1.1");
      break;
    case HttpVersion::http2:
      // As curl's --http2: HTTP/2 over TLS via ALPN, an Upgrade attempt on plain HTTP.
      set(h, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2_0}, "--http2");
      break;
  }
  if (!o.ca_file.empty()) set(h, CURLOPT_CAINFO, o.ca_file.c_str(), "--cacert");
  if (o.insecure) {
    set(h, CURLOPT_SSL_VERIFYPEER, 0L, "--insecure");
    set(h, CURLOPT_SSL_VERIFYHOST, 0L, "--insecure");
  }
  if (o.proxy) easy.set_proxy(o.proxy);
  if (!o.resolve.empty()) easy.set_resolve(o.resolve);
  if (o.connect_timeout) {
    set(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout->count()), "--connect-timeout");
  }
  if (o.max_time) set(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.max_time->count()), "--max-time");
  if (!o.user_agent.empty()) set(h, CURLOPT_USERAGENT, o.user_agent.c_str(), "user agent");
  if (o.fresh_connection) {
    set(h, CURLOPT_FRESH_CONNECT, 1L, "a fresh connection");
    set(h, CURLOPT_FORBID_REUSE, 1L, "a fresh connection");
  }
  if (o.no_dns_cache) set(h, CURLOPT_DNS_CACHE_TIMEOUT, 0L, "no DNS cache");
  if (o.no_tls_session_cache) set(h, CURLOPT_SSL_SESSIONID_CACHE, 0L, "no TLS session cache");
}

}  // namespace tgperf::http
