#pragma once
// The host (and port) of a URL, without its userinfo, path or query: what doctor may print of a
// webhook URL (its path can hold a secret) and where it connects for the API root.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tgperf::doctor {

struct UrlAuthority {
  std::string host;            // an IPv6 literal without brackets
  std::optional<std::uint16_t> port;
  std::string scheme;          // lower case, e.g. "https"
};

// Nothing when `url` has no scheme://host.
std::optional<UrlAuthority> parse_url_authority(std::string_view url);

}  // namespace tgperf::doctor
