#pragma once
// Which proxy a request goes through, and the rule that loopback never does.
//
// libcurl honours http_proxy / https_proxy / all_proxy from the environment. A proxy exported for
// the internet must not capture traffic to this machine (`curl-timing --local`, echo-bench's
// in-process emulator, `echo-bot --api-url http://127.0.0.1:8081`): every handle gets a no-proxy
// list of the user's own no_proxy entries plus the loopback names and addresses. And when a
// request fails while a proxy is in use, the error names that proxy and where it came from, since
// "could not connect" about a proxy the user forgot is otherwise a riddle.
#include <optional>
#include <string>
#include <string_view>

namespace tgperf::http {

// Loopback hosts as curl's no-proxy syntax knows them (names, CIDR, IPv6).
inline constexpr std::string_view kLoopbackNoProxy = "localhost,127.0.0.0/8,::1";

// The CURLOPT_NOPROXY value: no_proxy (or NO_PROXY) from the environment, then the loopback list.
// CURLOPT_NOPROXY replaces the variable, so the user's entries are carried over.
std::string no_proxy_list();

struct ProxyInUse {
  std::string url;     // the proxy, its password (if any) redacted as user:***@
  std::string source;  // "--proxy" or the environment variable it came from
};

// The proxy a request to `url` goes through: `explicit_proxy` (empty string: none) or the
// environment's, as libcurl picks it (http_proxy for http, https_proxy/HTTPS_PROXY for https, then
// all_proxy/ALL_PROXY), unless the host is loopback or matches a no_proxy entry.
std::optional<ProxyInUse> proxy_for(std::string_view url, const std::optional<std::string>& explicit_proxy);

// `user:password@` in a URL as `user:***@`.
std::string redact_userinfo(std::string_view url);

}  // namespace tgperf::http
