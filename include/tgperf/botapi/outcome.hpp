#pragma once
// What one Bot API exchange came to, as a value: the envelope's result, the server's error
// envelope, no usable answer (transport failure or a body that is not an envelope), or a call the
// caller cancelled. Every consumer (the blocking client, the updater's poll, the event loop, the
// reply retry) reads this one value instead of throwing and catching; the blocking client throws
// on top of it (result_or_throw) for callers that want exceptions.
//
// interpret() is the one place that redacts the token from what the server or libcurl said, so
// every description in an Outcome is safe to print.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/envelope.hpp"
#include "tgperf/http/response.hpp"

namespace tgperf::botapi {

struct Outcome {
  enum class Kind {
    ok,               // `result` holds the envelope's result
    api_error,        // `error` holds the error envelope (error_code, description, retry_after, ...)
    transport_error,  // no HTTP answer: refused, reset, DNS, TLS, timeout (`curl_code` says which)
    malformed,        // an HTTP answer that is not a Bot API envelope, or a result of the wrong shape
    cancelled,        // the caller's stop token fired before an answer arrived
  };
  Kind kind = Kind::ok;
  nlohmann::json result;    // ok
  ApiError error;           // api_error; its description redacted
  std::string description;  // every failure: one line for a person, token redacted
                            // (api_error: describe(error))
  int curl_code = 0;        // libcurl's code (transport_error, cancelled), else 0
  long http_code = 0;       // the HTTP status when an answer arrived, else 0

  bool ok() const { return kind == Kind::ok; }
  // No usable answer, for whatever reason: worth a retry with backoff.
  bool unanswered() const { return kind == Kind::transport_error || kind == Kind::malformed; }

  static Outcome cancelled_call();
};

// Judges one finished exchange: transport, then envelope. Redacts the endpoint's token (and any
// URL userinfo in libcurl's message) from every description. With ResultUse::discard a success's
// `result` stays null (see parse_envelope).
Outcome interpret(const http::Response& response, const Endpoint& endpoint, ResultUse use = ResultUse::keep);

// The result converted to T, or nothing: then a successful outcome becomes `malformed` ("HTTP 200:
// the result does not have the expected shape"), as a broken answer is. A failed outcome stays as
// it is and yields nothing.
template <typename T>
std::optional<T> take_result(Outcome& outcome) {
  if (!outcome.ok()) return std::nullopt;
  try {
    return outcome.result.get<T>();
  } catch (const nlohmann::json::exception&) {
    // Field by field, not from a temporary Outcome: GCC 12 at -O3 takes the temporary's ApiError
    // for uninitialized (-Wmaybe-uninitialized, a false positive that -Werror makes fatal).
    outcome.kind = Outcome::Kind::malformed;
    outcome.result = nullptr;
    outcome.description = "HTTP " + std::to_string(outcome.http_code) + ": the result does not have the expected shape";
    outcome.curl_code = 0;
    return std::nullopt;
  }
}

// The blocking style on top: a failed outcome as the typed exception of errors.hpp (ApiException,
// NetworkError, Cancelled), and the result or that exception.
[[noreturn]] void throw_failure(Outcome failed);
nlohmann::json result_or_throw(Outcome outcome);

}  // namespace tgperf::botapi
