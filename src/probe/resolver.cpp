#include "tgperf/probe/resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "tgperf/core/usage_error.hpp"

namespace tgperf::probe {
namespace {

ResolvedTarget from_addrinfo(const TargetSpec& spec, const addrinfo& info) {
  ResolvedTarget target;
  target.host = spec.host;
  target.port = spec.port;
  target.family = info.ai_family;
  std::memcpy(&target.sockaddr, info.ai_addr, info.ai_addrlen);
  target.sockaddr_len = info.ai_addrlen;
  char buffer[INET6_ADDRSTRLEN] = {};
  const void* addr = info.ai_family == AF_INET6
                         ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(info.ai_addr)->sin6_addr)
                         : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(info.ai_addr)->sin_addr);
  inet_ntop(info.ai_family, addr, buffer, sizeof buffer);
  target.address = buffer;
  return target;
}

bool is_literal(const std::string& text, int family) {
  in6_addr addr{};  // large enough for either family
  return inet_pton(family, text.c_str(), &addr) == 1;
}

}  // namespace

std::vector<ResolvedTarget> resolve_all(const TargetSpec& spec, AddressFamily family) {
  if (family == AddressFamily::ipv4 && is_literal(spec.host, AF_INET6)) {
    throw UsageError("-4 given but '" + spec.host + "' is an IPv6 address");
  }
  if (family == AddressFamily::ipv6 && is_literal(spec.host, AF_INET)) {
    throw UsageError("-6 given but '" + spec.host + "' is an IPv4 address");
  }
  addrinfo hints{};
  hints.ai_family = family == AddressFamily::ipv4 ? AF_INET : family == AddressFamily::ipv6 ? AF_INET6 : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* raw = nullptr;
  const auto port_text = std::to_string(spec.port);
  const int rc = getaddrinfo(spec.host.c_str(), port_text.c_str(), &hints, &raw);
  if (rc != 0 || raw == nullptr) {
    throw UsageError("cannot resolve '" + spec.host + "': " + (rc != 0 ? gai_strerror(rc) : "no address"));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(raw, &freeaddrinfo);
  std::vector<ResolvedTarget> all;
  for (const addrinfo* info = raw; info != nullptr; info = info->ai_next) {
    if (info->ai_family != AF_INET && info->ai_family != AF_INET6) continue;
    auto target = from_addrinfo(spec, *info);
    const bool seen = std::any_of(all.begin(), all.end(), [&](const auto& t) { return t.address == target.address; });
    if (!seen) all.push_back(std::move(target));
  }
  if (all.empty()) throw UsageError("cannot resolve '" + spec.host + "': no IPv4 or IPv6 address");
  return all;
}

Resolver system_resolver() { return &resolve_all; }

std::string_view family_name(int family) { return family == AF_INET6 ? "IPv6" : "IPv4"; }

}  // namespace tgperf::probe
