// A JSON body read the way tdlib's HttpReader::parse_json_parameters reads it: not as one JSON
// document, but member by member, so that what was read before an error still counts. It is also
// more lenient than JSON in the ways Telegram is: a trailing comma before '}', any escaped character
// standing for itself, numbers as any run of [-+.0-9eE].
#include <optional>
#include <string>
#include <string_view>

#include "body_parsers.hpp"
#include "utf8.hpp"

namespace tgperf::emulator {
namespace {

constexpr int kMaxDepth = 100;  // tdlib's DEFAULT_MAX_DEPTH for a parameter value

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_surrogate(unsigned code) { return code > 0xD7FF && code < 0xE000; }

// A cursor over the body. Errors are the texts tdlib logs.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : rest_(text) {}

  bool empty() const { return rest_.empty(); }
  char peek() const { return rest_.empty() ? '\0' : rest_.front(); }
  const char* position() const { return rest_.data(); }
  void skip_whitespace() {
    while (!rest_.empty() && (rest_.front() == ' ' || rest_.front() == '\t' || rest_.front() == '\r' ||
                              rest_.front() == '\n')) {
      rest_.remove_prefix(1);
    }
  }
  bool try_skip(char c) {
    if (peek() != c || rest_.empty()) return false;
    rest_.remove_prefix(1);
    return true;
  }
  bool try_skip(std::string_view word) {
    if (!rest_.starts_with(word)) return false;
    rest_.remove_prefix(word.size());
    return true;
  }

  // A quoted string, unescaped (\uXXXX with surrogate pairs to UTF-8; any other escaped character
  // stands for itself). nullopt (with error_) when it is not a closed string.
  std::optional<std::string> decode_string() {
    if (!try_skip('"')) return fail("Opening '\"' expected");
    std::string out;
    while (true) {
      if (rest_.empty()) return fail("Closing '\"' not found");
      const char c = rest_.front();
      rest_.remove_prefix(1);
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (rest_.empty()) return fail("Closing '\"' not found");
      const char escaped = rest_.front();
      rest_.remove_prefix(1);
      switch (escaped) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          auto code = read_hex4();
          if (!code) return std::nullopt;
          if (is_surrogate(*code) && rest_.starts_with("\\u")) {
            const auto saved = rest_;
            rest_.remove_prefix(2);
            const auto low = read_hex4();
            if (!low) return std::nullopt;
            if (is_surrogate(*low)) {
              code = (((*code & 0x3FF) << 10) | (*low & 0x3FF)) + 0x10000;
            } else {
              rest_ = saved;  // not a pair: the second escape is read on its own
            }
          }
          append_utf8(out, *code);
          break;
        }
        default: out.push_back(escaped); break;
      }
    }
  }

  // Skips one JSON value (tdlib's do_json_skip); false (with error_) when there is none.
  bool skip_value(int depth) {
    if (depth < 0) return fail_bool("Too big object depth");
    skip_whitespace();
    switch (peek()) {
      case 'f': return try_skip(std::string_view("false")) || fail_bool("Starts with 'f' -- false expected");
      case 't': return try_skip(std::string_view("true")) || fail_bool("Starts with 't' -- true expected");
      case 'n': return try_skip(std::string_view("null")) || fail_bool("Starts with 'n' -- null expected");
      case '"': return decode_string().has_value();
      case '[': return skip_sequence(']', depth, false);
      case '{': return skip_sequence('}', depth, true);
      case '-': case '+': case '.': case '0': case '1': case '2': case '3': case '4': case '5': case '6':
      case '7': case '8': case '9':
        while (!rest_.empty() && (rest_.front() == '-' || rest_.front() == '+' || rest_.front() == '.' ||
                                  rest_.front() == 'e' || rest_.front() == 'E' ||
                                  (rest_.front() >= '0' && rest_.front() <= '9'))) {
          rest_.remove_prefix(1);
        }
        return true;
      case '\0':
        if (rest_.empty()) return fail_bool("Unexpected string end");
        [[fallthrough]];
      default: return fail_bool("Unexpected symbol");
    }
  }

  const std::string& error() const { return error_; }

 private:
  std::optional<unsigned> read_hex4() {
    if (rest_.size() < 4) return fail_hex("\\u has less than 4 symbols");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_digit(rest_[static_cast<std::size_t>(i)]);
      if (digit < 0) return fail_hex("Invalid \\u -- not hex digit");
      code = code * 16 + static_cast<unsigned>(digit);
    }
    rest_.remove_prefix(4);
    return code;
  }

  bool skip_sequence(char close, int depth, bool members) {
    rest_.remove_prefix(1);  // the opening bracket
    skip_whitespace();
    if (try_skip(close)) return true;
    while (true) {
      if (rest_.empty()) return fail_bool("Unexpected end");
      if (members) {
        if (!decode_string()) return false;
        skip_whitespace();
        if (!try_skip(':')) return fail_bool("':' expected");
      }
      if (!skip_value(depth - 1)) return false;
      skip_whitespace();
      if (try_skip(close)) return true;
      if (!try_skip(',')) return fail_bool("Unexpected symbol");
      skip_whitespace();
    }
  }

  std::nullopt_t fail(std::string message) {
    error_ = std::move(message);
    return std::nullopt;
  }
  std::optional<unsigned> fail_hex(std::string message) {
    error_ = std::move(message);
    return std::nullopt;
  }
  bool fail_bool(std::string message) {
    error_ = std::move(message);
    return false;
  }

  std::string_view rest_;
  std::string error_;
};

// A non-string value as a typed JSON value, or its text where it is not strict JSON ("+5", "1.").
nlohmann::json value_of(std::string_view text) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::string(text);
  return parsed;
}

}  // namespace

std::optional<std::string> add_json_parameters(nlohmann::json& out, std::string_view body) {
  if (body.empty()) return std::nullopt;
  JsonCursor json(body);
  json.skip_whitespace();
  if (json.peek() == '"') {
    auto content = json.decode_string();
    if (!content) return "Bad Request: can't parse string content: " + json.error();
    if (!json.empty()) return std::string("Bad Request: extra data after string");  // no whitespace allowed
    add_parameter(out, "content", std::move(*content));
    return std::nullopt;
  }
  if (!json.try_skip('{')) return std::string("Bad Request: JSON object expected");
  while (true) {
    json.skip_whitespace();
    if (json.try_skip('}')) {
      json.skip_whitespace();
      if (json.empty()) return std::nullopt;
      return std::string("Bad Request: unexpected data after object end");
    }
    if (json.empty()) return std::string("Bad Request: expected parameter name");
    auto name = json.decode_string();
    if (!name) return "Bad Request: can't parse parameter name: " + json.error();
    json.skip_whitespace();
    if (!json.try_skip(':')) return std::string("Bad Request: can't parse object, ':' expected");
    json.skip_whitespace();
    nlohmann::json value;
    if (json.peek() == '"') {
      auto text = json.decode_string();
      if (!text) return "Bad Request: can't parse parameter value: " + json.error();
      value = std::move(*text);
    } else {
      const char* begin = json.position();
      if (!json.skip_value(kMaxDepth)) return "Bad Request: can't parse parameter value: " + json.error();
      value = value_of(std::string_view(begin, static_cast<std::size_t>(json.position() - begin)));
    }
    add_parameter(out, std::move(*name), std::move(value));
    json.skip_whitespace();
    if (json.peek() != '}' && !json.try_skip(',')) return std::string("Bad Request: expected next field or object end");
  }
}

}  // namespace tgperf::emulator
