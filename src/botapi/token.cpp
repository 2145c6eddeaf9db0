#include "tgperf/botapi/token.hpp"

#include <cctype>

#include "tgperf/core/usage_error.hpp"

namespace tgperf::botapi {
namespace {

constexpr std::size_t kMaxTokenLength = 80;
constexpr std::size_t kMinSecretToRedact = 20;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_secret_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// Why a text is not a token, or empty when it is one. Never mentions the text itself.
std::string_view shape_problem(std::string_view text, std::size_t colon) {
  if (text.empty()) return "it is empty";
  if (colon == std::string_view::npos) return "expected <bot id>:<secret>, as BotFather gives it";
  if (colon == 0) return "the bot id before ':' is missing";
  for (std::size_t i = 0; i < colon; ++i) {
    if (!is_digit(text[i])) return "the bot id before ':' must be digits";
  }
  if (text[0] == '0') return "the bot id must not start with 0";
  if (colon + 1 == text.size()) return "the secret after ':' is missing";
  for (std::size_t i = colon + 1; i < text.size(); ++i) {
    if (!is_secret_char(text[i])) return "the secret may only hold letters, digits, '_' and '-'";
  }
  if (text.size() > kMaxTokenLength) return "it is longer than 80 characters";
  return {};
}

}  // namespace

std::optional<Token> Token::try_parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (!shape_problem(text, colon).empty()) return std::nullopt;
  return Token(std::string(text), colon);
}

Token Token::parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::string_view problem = shape_problem(text, colon);
  if (!problem.empty()) throw UsageError("invalid bot token: " + std::string(problem));
  return Token(std::string(text), colon);
}

std::string redact_tokens(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    // Look for digits ':' secret. No word boundary is required before the id: in a URL the token
    // follows "/bot" directly.
    if (is_digit(text[i])) {
      std::size_t j = i;
      while (j < text.size() && is_digit(text[j])) ++j;
      if (j < text.size() && text[j] == ':') {
        std::size_t k = j + 1;
        while (k < text.size() && is_secret_char(text[k])) ++k;
        if (k - (j + 1) >= kMinSecretToRedact) {
          out.append(text.substr(i, j + 1 - i));
          out.append("***");
          i = k;
          continue;
        }
      }
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string redact(std::string_view text, const Token& token) {
  const std::string_view secret = std::string_view(token.value()).substr(token.bot_id().size() + 1);
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  for (std::size_t hit = text.find(secret); hit != std::string_view::npos;
       hit = text.find(secret, start)) {
    out.append(text.substr(start, hit - start));
    out.append("***");
    start = hit + secret.size();
  }
  out.append(text.substr(start));
  return out;
}

}  // namespace tgperf::botapi
