#pragma once
// What the Bot API Client throws. Messages never contain the token.
#include <stdexcept>
#include <string>

#include "tgperf/botapi/envelope.hpp"

namespace tgperf::botapi {

// The server answered with an error envelope (ok: false). error().retry_after is set on 429.
class ApiException : public std::runtime_error {
 public:
  explicit ApiException(ApiError error)
      : std::runtime_error(describe(error)), error_(std::move(error)) {}
  const ApiError& error() const { return error_; }

 private:
  ApiError error_;
};

// No usable answer: refused, reset, DNS failure, TLS failure, timeout (curl_code != 0), or a body
// that is not an envelope (curl_code 0, http_code set).
class NetworkError : public std::runtime_error {
 public:
  NetworkError(const std::string& message, int curl_code, long http_code = 0)
      : std::runtime_error(message), curl_code_(curl_code), http_code_(http_code) {}
  int curl_code() const { return curl_code_; }
  long http_code() const { return http_code_; }

 private:
  int curl_code_;
  long http_code_;
};

// The call was cancelled through its stop token before an answer arrived.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace tgperf::botapi
