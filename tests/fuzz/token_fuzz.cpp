// Fuzzes bot token parsing and redaction (botapi/token.hpp): the secret must never get out.
//
// Input: `<candidate token>\n<free text>` (no newline: the whole input is both).
// Properties, besides no crash and no sanitizer report:
// - Token::parse throws UsageError exactly when try_parse gives nothing, and its message never
//   quotes the secret; an accepted token's redacted() is exactly `<bot id>:***`;
// - redact(text, token) leaves no occurrence of the token's secret;
// - redact_tokens(text) leaves no token that Token::try_parse accepts from the text with a secret
//   of 20 or more characters (the documented threshold), wherever it starts, and is idempotent.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/usage_error.hpp"

namespace {

using tgperf::botapi::Token;

constexpr std::size_t kMinRedactedSecret = 20;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_secret_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

// A digit no fixed message of Token::parse contains ("80" is in one), so a secret holding one
// cannot be in the message by coincidence.
bool has_telltale_digit(std::string_view s) {
  return s.find_first_of("12345679") != std::string_view::npos;
}

void check_parse(std::string_view candidate) {
  const auto parsed = Token::try_parse(candidate);
  const auto colon = candidate.find(':');
  const std::string_view secret = colon == std::string_view::npos ? std::string_view{} : candidate.substr(colon + 1);
  try {
    const Token token = Token::parse(candidate);
    FUZZ_CHECK(parsed && *parsed == token, "parse accepted what try_parse rejected");
    FUZZ_CHECK(token.value() == candidate, "value() differs from the input");
    FUZZ_CHECK(token.redacted() == std::string(candidate.substr(0, colon)) + ":***", "redacted() = '%s'",
               token.redacted().c_str());
  } catch (const tgperf::UsageError& e) {
    FUZZ_CHECK(!parsed, "parse threw for what try_parse accepted: %s", e.what());
    const std::string_view message = e.what();
    FUZZ_CHECK(message.starts_with("invalid bot token: "), "message '%s'", e.what());
    if (secret.size() >= 8 && has_telltale_digit(secret)) {
      FUZZ_CHECK(message.find(secret) == std::string_view::npos, "the error quotes the secret: %s", e.what());
    }
  }
}

void check_redact(std::string_view candidate, std::string_view text) {
  const auto token = Token::try_parse(candidate);
  if (!token) return;
  const std::string_view secret = std::string_view(token->value()).substr(token->bot_id().size() + 1);
  const std::string out = tgperf::botapi::redact(text, *token);
  FUZZ_CHECK(out.find(secret) == std::string::npos, "redact() left the secret in '%s'", out.c_str());
}

void check_redact_tokens(std::string_view text) {
  const std::string out = tgperf::botapi::redact_tokens(text);
  // Every token-shaped substring: an id starting at any non-zero digit, ':', then the first 20
  // characters of the secret run that follows (a longer secret contains this one).
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) || text[i] == '0') continue;
    std::size_t colon = i;
    while (colon < text.size() && is_digit(text[colon])) ++colon;
    if (colon >= text.size() || text[colon] != ':') continue;
    std::size_t end = colon + 1;
    while (end < text.size() && is_secret_char(text[end])) ++end;
    if (end - colon - 1 < kMinRedactedSecret) continue;
    const std::string_view candidate = text.substr(i, colon + 1 + kMinRedactedSecret - i);
    if (!Token::try_parse(candidate)) continue;
    FUZZ_CHECK(out.find(candidate) == std::string::npos, "redact_tokens left '%.*s' in '%s'",
               static_cast<int>(candidate.size()), candidate.data(), out.c_str());
  }
  FUZZ_CHECK(tgperf::botapi::redact_tokens(out) == out, "redact_tokens is not idempotent on '%s'", out.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view candidate = input.substr(0, newline);
  const std::string_view text = newline == std::string_view::npos ? input : input.substr(newline + 1);
  check_parse(candidate);
  check_redact(candidate, text);
  check_redact_tokens(input);
  return 0;
}
