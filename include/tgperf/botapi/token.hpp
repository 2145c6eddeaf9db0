#pragma once
// A bot token, `<bot id>:<secret>`, that cannot be printed by accident.
//
// The secret is the key to the bot: it must never reach output, logs, errors or JSON. Token has no
// stream operator and no implicit conversion; `redacted()` is the only printable form
// (`123456:***`), and `value()` is meant for the one place that needs it: building a request URL
// or matching a path on the server side.
#include <optional>
#include <string>
#include <string_view>

namespace tgperf::botapi {

class Token {
 public:
  // Checks the shape `<digits>:<secret>` (id without a leading zero that fits a signed 64-bit
  // integer, secret of [A-Za-z0-9_-],
  // at most 80 characters in all, as the official server requires). Throws UsageError with a
  // message that never contains the secret.
  static Token parse(std::string_view text);
  static std::optional<Token> try_parse(std::string_view text);

  std::string_view bot_id() const { return std::string_view(value_).substr(0, colon_); }
  std::string redacted() const { return std::string(bot_id()) + ":***"; }
  const std::string& value() const { return value_; }

  friend bool operator==(const Token&, const Token&) = default;

 private:
  Token(std::string value, std::size_t colon) : value_(std::move(value)), colon_(colon) {}
  std::string value_;
  std::size_t colon_;
};

// The token in a file, as BotFather gives it: one line, surrounding whitespace ignored. Throws
// UsageError naming the file, never its content, when it is missing, a directory, unreadable,
// empty, larger than any token file (4 KiB: /dev/zero is refused, not read forever), or not a
// token. A FIFO or pipe (`--token-file <(pass show bot)`) is read until its writer closes it;
// one nobody writes to reads as empty instead of blocking.
Token read_token_file(const std::string& path);

// The environment variable a token may come from when no flag gives one.
inline constexpr const char* kTokenEnvironmentVariable = "TGPERF_TOKEN";

// The token a command was given: `--token TEXT`, `--token-file PATH` or the TGPERF_TOKEN
// environment variable, in that order; nothing when none is set (an empty flag counts as not
// given). Throws UsageError when both flags are given or the one used is not a token; the
// message says where the bad token came from and never contains it.
std::optional<Token> token_from_flags(std::string_view token_flag, const std::string& token_file);

// Replaces the secret of every token-shaped substring (`<digits>:<secret>`, secret of 20 or
// more [A-Za-z0-9_-]) with `***`. A last line of defence for text we did not write ourselves,
// such as libcurl's error messages or a URL echoed back.
std::string redact_tokens(std::string_view text);

// Replaces every occurrence of this token's secret, in any context, with `***`.
std::string redact(std::string_view text, const Token& token);

}  // namespace tgperf::botapi
