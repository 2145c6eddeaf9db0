#pragma once
// Every address a name resolves to, and the seam through which `tgperf ping` resolves: a function
// value, so a test can hand in a resolver whose answers change between lookups (ninja's
// "abstract so it can be mocked out") without touching /etc/hosts or DNS.
#include <functional>
#include <vector>

#include "tgperf/probe/target.hpp"

namespace tgperf::probe {

// All addresses of `spec` in the wanted family, in getaddrinfo's order (which is the order a
// client such as libcurl tries them), each address once. Throws UsageError as resolve_target does.
std::vector<ResolvedTarget> resolve_all(const TargetSpec& spec, AddressFamily family);

// A lookup: all addresses of a spec, never empty (a failed lookup throws).
using Resolver = std::function<std::vector<ResolvedTarget>(const TargetSpec&, AddressFamily)>;

// The system's resolver (resolve_all).
Resolver system_resolver();

// The text of a family for people: "IPv4" / "IPv6".
std::string_view family_name(int family);

}  // namespace tgperf::probe
