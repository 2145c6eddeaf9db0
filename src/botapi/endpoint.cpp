#include "tgperf/botapi/endpoint.hpp"

#include "tgperf/core/url_redaction.hpp"
#include "tgperf/core/usage_error.hpp"

namespace tgperf::botapi {

std::string redact_secrets(std::string_view text) { return redact_url_userinfo(redact_tokens(text)); }

Endpoint::Endpoint(std::string_view api_root, Token token) : token_(std::move(token)) {
  // The root is user input and may itself hold a token (a pasted ".../bot123:ABC" URL) or a
  // password (`http://user:secret@host`): every message about it is redacted.
  const std::string shown = redact_secrets(api_root);
  std::string_view rest;
  if (api_root.starts_with("https://")) {
    rest = api_root.substr(8);
  } else if (api_root.starts_with("http://")) {
    rest = api_root.substr(7);
  } else {
    throw UsageError("invalid API URL '" + shown + "': it must start with http:// or https://");
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') {
    throw UsageError("invalid API URL '" + shown + "': the host is missing");
  }
  for (char c : api_root) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '?' || c == '#') {
      throw UsageError("invalid API URL '" + shown +
                       "': it must not contain spaces, control characters, '?' or '#'");
    }
  }
  root_ = std::string(api_root);
  while (root_.ends_with('/')) root_.pop_back();
}

std::string Endpoint::method_url(std::string_view method) const {
  return root_ + "/bot" + token_.value() + "/" + std::string(method);
}

std::string Endpoint::redacted_api_root() const { return redact(redact_secrets(root_), token_); }

std::string Endpoint::redacted_method_url(std::string_view method) const {
  return redacted_api_root() + "/bot" + token_.redacted() + "/" + std::string(method);
}

}  // namespace tgperf::botapi
