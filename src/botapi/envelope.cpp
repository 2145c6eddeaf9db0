#include "tgperf/botapi/envelope.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <optional>

namespace tgperf::botapi {
namespace {

// The longest retry_after taken from an answer: a day. A negative or larger value is no wait a
// client can honour, and a huge one overflows when the bot core converts it to a nanosecond
// Duration (undefined behaviour; tests/fuzz/envelope_fuzz checks the range).
constexpr std::int64_t kMaxRetryAfterSeconds = 24 * 60 * 60;

// An integer JSON value within [low, high] (high >= 0), or nothing: a float, a string, too large.
// (nlohmann stores a non-negative integer as unsigned, a negative one as signed.)
std::optional<std::int64_t> integer_in(const nlohmann::json& value, std::int64_t low, std::int64_t high) {
  std::int64_t n = 0;
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(high)) return std::nullopt;
    n = static_cast<std::int64_t>(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    n = value.get<std::int64_t>();
  } else {
    return std::nullopt;
  }
  if (n < low || n > high) return std::nullopt;
  return n;
}

// Reads a body through nlohmann's SAX interface, keeping only what decides a success: whether the
// top level is an object whose last "ok" is true and which has a "result". Every value is still
// lexed and checked; none is stored.
class SuccessScan final : public nlohmann::json_sax<nlohmann::json> {
 public:
  // A well-formed {"ok":true,"result":...}.
  bool success() const { return top_is_object_ && ok_ && has_result_; }

  bool null() override { return value(); }
  bool boolean(bool v) override {
    if (depth_ == 1 && key_ == Key::ok) ok_ = v;
    return value();
  }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      key_ = k == "ok" ? Key::ok : k == "result" ? Key::result : Key::other;
      if (key_ == Key::result) has_result_ = true;
      if (key_ == Key::ok) ok_ = false;  // the last "ok" counts, as in the tree
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  enum class Key { other, ok, result };
  bool value() {
    if (depth_ == 1) key_ = Key::other;
    return true;
  }
  bool open(bool object) {
    if (depth_ == 0) top_is_object_ = object;
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return value();
  }

  int depth_ = 0;
  Key key_ = Key::other;
  bool top_is_object_ = false;
  bool ok_ = false;
  bool has_result_ = false;
};

}  // namespace

Envelope parse_envelope(std::string_view body, long http_status, ResultUse use) {
  if (use == ResultUse::discard) {
    SuccessScan scan;
    if (nlohmann::json::sax_parse(body, &scan, nlohmann::json::input_format_t::json, /*strict=*/true) &&
        scan.success()) {
      Envelope e;
      e.ok = true;
      return e;
    }
    // Anything else (an error envelope, a broken body) is rare: the tree reads it and words it.
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto status = fmt::format("HTTP {}", http_status);
  if (j.is_discarded()) {
    throw MalformedResponse(body.empty() ? status + " with an empty body, not a Bot API answer"
                                         : status + " with a body that is not JSON, not a Bot API answer");
  }
  if (!j.is_object() || !j.contains("ok") || !j["ok"].is_boolean()) {
    throw MalformedResponse(status + " with JSON that is not a Bot API envelope (no boolean \"ok\")");
  }
  Envelope e;
  e.ok = j["ok"].get<bool>();
  if (e.ok) {
    if (!j.contains("result")) throw MalformedResponse(status + ": \"ok\":true without a \"result\"");
    e.result = std::move(j["result"]);
    return e;
  }
  ApiError& err = e.error;
  const auto code = j.find("error_code");
  // An error_code that does not fit an int is no HTTP status: the transport's status stands in.
  const auto code_value = code != j.end() ? integer_in(*code, INT_MIN, INT_MAX) : std::nullopt;
  err.error_code = static_cast<int>(code_value.value_or(http_status));
  const auto description = j.find("description");
  if (description != j.end() && description->is_string()) err.description = description->get<std::string>();
  const auto params = j.find("parameters");
  if (params != j.end() && params->is_object()) {
    const auto retry = params->find("retry_after");
    if (retry != params->end()) {
      if (const auto seconds = integer_in(*retry, 0, kMaxRetryAfterSeconds)) {
        err.retry_after = std::chrono::seconds(*seconds);
      }
    }
    const auto migrate = params->find("migrate_to_chat_id");
    if (migrate != params->end()) err.migrate_to_chat_id = integer_in(*migrate, INT64_MIN, INT64_MAX);
  }
  return e;
}

std::string describe(const ApiError& error) {
  std::string text = std::to_string(error.error_code);
  if (!error.description.empty()) text += " " + error.description;
  if (error.retry_after) text += fmt::format(" (retry after {} s)", error.retry_after->count());
  return text;
}

}  // namespace tgperf::botapi
