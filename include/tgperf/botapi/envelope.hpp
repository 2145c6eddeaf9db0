#pragma once
// Every Bot API answer is an envelope: {"ok":true,"result":...} or
// {"ok":false,"error_code":N,"description":"...","parameters":{"retry_after":N,...}}.
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tgperf::botapi {

// A failure answered by the server. The HTTP status equals error_code on the real server.
struct ApiError {
  int error_code = 0;           // 400, 401, 403, 404, 409, 429, ...
  std::string description;      // e.g. "Bad Request: chat not found"
  std::optional<std::chrono::seconds> retry_after;      // 429: wait this long before retrying
                                                        // (0..86400 s; other values are ignored)
  std::optional<std::int64_t> migrate_to_chat_id;       // 400: the group became a supergroup
};

struct Envelope {
  bool ok = false;
  nlohmann::json result;  // when ok
  ApiError error;         // when !ok
};

// The body was not a Bot API envelope (HTML from a proxy, a truncated answer, ...).
class MalformedResponse : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether the caller reads a success envelope's result. With `discard` the body is still parsed
// whole (a syntax error is still a malformed response) and "ok" and "result" are still checked,
// but the result is not built into a JSON tree: Envelope::result stays null. An echo bot needs only
// to know that its sendMessage went through, and building the sent message back costs it as much
// as the rest of reading the answer.
enum class ResultUse { keep, discard };

// Parses a response body. `http_status` fills error_code when the envelope lacks one (or its
// error_code is not an integer that fits an int).
// Throws MalformedResponse when the body is not JSON or not an envelope; the message describes
// the problem (and the HTTP status) without quoting the body.
Envelope parse_envelope(std::string_view body, long http_status, ResultUse use = ResultUse::keep);

// One line for a person: "401 Unauthorized" / "400 Bad Request: chat not found (retry after 5 s)".
std::string describe(const ApiError& error);

}  // namespace tgperf::botapi
