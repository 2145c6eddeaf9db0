#include "tgperf/botapi/token.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "tgperf/core/usage_error.hpp"

namespace tgperf::botapi {
namespace {

constexpr std::size_t kMaxTokenLength = 80;
constexpr std::size_t kMinSecretToRedact = 20;
// A token is at most 80 characters; a file much larger than that holds something else.
constexpr std::size_t kMaxTokenFileBytes = 4096;
// How long a pipe or FIFO may keep the token file waiting before it counts as unreadable.
constexpr int kPipeWaitMs = 10'000;

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
  // Bot ids are 64-bit integers (at most 52 significant bits, says the Bot API); a longer run of
  // digits is no token. Accepting one let std::stoll's out_of_range escape the emulator's request
  // handling (found by tests/fuzz/bot_api_fuzz with `/bot1234569223372036854775807:.../getUpdates`).
  std::int64_t id = 0;
  if (std::from_chars(text.data(), text.data() + colon, id).ec != std::errc{}) {
    return "the bot id is too large for a 64-bit integer";
  }
  if (colon + 1 == text.size()) return "the secret after ':' is missing";
  for (std::size_t i = colon + 1; i < text.size(); ++i) {
    if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      return "the secret contains whitespace or a line break (a stray space or newline when pasting?)";
    }
    if (!is_secret_char(text[i])) return "the secret may only hold letters, digits, '_' and '-'";
  }
  if (text.size() > kMaxTokenLength) return "it is longer than 80 characters";
  return {};
}

// Closes a descriptor when it goes out of scope.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n\f\v");
  return text.substr(first, last - first + 1);
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

namespace {

// Token::parse with the token's origin in the message ("invalid bot token in --token: ...").
Token parse_from(std::string_view text, const std::string& where) {
  const std::string_view problem = shape_problem(text, text.find(':'));
  if (!problem.empty()) throw UsageError("invalid bot token in " + where + ": " + std::string(problem));
  return Token::parse(text);
}

}  // namespace

Token read_token_file(const std::string& path) {
  const std::string file = "the token file '" + path + "'";
  if (path.empty()) throw UsageError("--token-file needs a file name");
  // O_NONBLOCK: opening a FIFO without a writer must not block; reads below wait with poll().
  const FileDescriptor in{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (in.fd < 0) throw UsageError("cannot read " + file + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(in.fd, &info) != 0) throw UsageError("cannot read " + file + ": " + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw UsageError("cannot read " + file + ": it is a directory");

  std::string text;
  char buffer[512];
  while (text.size() <= kMaxTokenFileBytes) {
    const ssize_t n = ::read(in.fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0) {
      break;  // end of file, or a FIFO nobody has open for writing
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd ready{in.fd, POLLIN, 0};
      const int rc = ::poll(&ready, 1, kPipeWaitMs);
      if (rc == 0) throw UsageError("cannot read " + file + ": nothing arrived in 10 s");
      if (rc < 0 && errno != EINTR) throw UsageError("cannot read " + file + ": " + std::strerror(errno));
    } else if (errno != EINTR) {
      throw UsageError("cannot read " + file + ": " + std::strerror(errno));
    }
  }
  if (text.size() > kMaxTokenFileBytes) {
    throw UsageError("cannot read " + file + ": it is larger than 4 KiB, not a token file");
  }
  return parse_from(trimmed(std::move(text)), file);
}

std::optional<Token> token_from_flags(std::string_view token_flag, const std::string& token_file) {
  if (!token_flag.empty() && !token_file.empty()) {
    throw UsageError("give the token once: --token or --token-file, not both");
  }
  if (!token_flag.empty()) return parse_from(token_flag, "--token");
  if (!token_file.empty()) return read_token_file(token_file);
  const char* env = std::getenv(kTokenEnvironmentVariable);
  if (env == nullptr || *env == '\0') return std::nullopt;
  return parse_from(env, kTokenEnvironmentVariable);
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
