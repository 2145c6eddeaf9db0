#pragma once
// Where Bot API requests go: an API root (https://api.telegram.org, a local Bot API server, the
// emulator) and the bot's token.
//
// The real URL `<root>/bot<token>/<method>` is what libcurl needs; anything printed uses the
// redacted form `<root>/bot123456:***/<method>` instead. Both are built here so that no other code
// assembles a token into a URL by hand.
#include <string>
#include <string_view>

#include "tgperf/botapi/token.hpp"

namespace tgperf::botapi {

// Every secret a text may carry, made printable: token-shaped substrings (redact_tokens) and URL
// userinfo (`user:***@`, tgperf::redact_url_userinfo). The one filter for text we print but did not
// write ourselves: user input echoed in an error, libcurl's messages, URLs.
std::string redact_secrets(std::string_view text);

}  // namespace tgperf::botapi

namespace tgperf::botapi {

inline constexpr std::string_view kDefaultApiRoot = "https://api.telegram.org";

class Endpoint {
 public:
  // `api_root` must be an http:// or https:// URL with a host (a trailing '/' is dropped).
  // Throws UsageError otherwise; the message never contains a token.
  Endpoint(std::string_view api_root, Token token);

  // The root as given, userinfo included: for libcurl only, never for output.
  const std::string& api_root() const { return root_; }
  // The root for output: userinfo as `user:***@`, any token in it as `123456:***`.
  std::string redacted_api_root() const;
  const Token& token() const { return token_; }
  bool https() const { return root_.starts_with("https://"); }

  // `<root>/bot<token>/<method>`: for libcurl only, never for output.
  std::string method_url(std::string_view method) const;
  // `<redacted root>/bot123456:***/<method>`: for output.
  std::string redacted_method_url(std::string_view method) const;

 private:
  std::string root_;
  Token token_;
};

}  // namespace tgperf::botapi
