#pragma once
// A synchronous Bot API client that keeps its connection alive.
//
// One Client owns one libcurl Easy handle, and with it one kept-alive connection (plus DNS and TLS
// session caches): the second call onwards is warm, as in a bot with a persistent session. A
// Client is used by one thread at a time; give each worker thread its own Client.
//
// exchange() returns what the call came to as a value (outcome.hpp). The typed calls throw on top
// of it: ApiException (an error envelope; retry_after on 429), NetworkError (no usable answer),
// Cancelled (the stop token fired). No message contains the token.
#include <chrono>
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/outcome.hpp"
#include "tgperf/botapi/request.hpp"
#include "tgperf/botapi/types.hpp"
#include "tgperf/http/easy.hpp"
#include "tgperf/http/response.hpp"
#include "tgperf/http/transport_options.hpp"

namespace tgperf::botapi {

struct ClientOptions {
  http::TransportOptions transport;   // default: keep-alive, libcurl defaults otherwise
  Encoding encoding = Encoding::json;  // POST + JSON, as frameworks do
};

class Client {
 public:
  explicit Client(Endpoint endpoint, ClientOptions options = {});

  // Sends `request` and returns what it came to; never throws for a failed call. `stop` (optional)
  // cancels a pending call (Outcome::Kind::cancelled).
  Outcome exchange(const Request& request, std::stop_token stop = {});

  // Sends `request` and returns the envelope's result. `stop` (optional) cancels a pending call
  // within about a second (libcurl's progress callback cadence).
  nlohmann::json call(const Request& request, std::stop_token stop = {});

  User get_me(std::stop_token stop = {});
  std::vector<Update> get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                                  std::stop_token stop = {});
  Message send_message(std::int64_t chat_id, const std::string& text, std::stop_token stop = {});
  bool delete_webhook(bool drop_pending_updates = false, std::stop_token stop = {});

  // The HTTP exchange of the last call (timings, status, body), whatever its outcome.
  const http::Response& last_response() const { return last_; }
  const Endpoint& endpoint() const { return endpoint_; }

 private:
  Endpoint endpoint_;
  ClientOptions options_;
  http::Easy easy_;
  http::Response last_;
};

// result_or_throw(interpret(response, endpoint)): one finished exchange as the envelope's result or
// a typed exception, no message carrying the endpoint's token.
nlohmann::json result_or_throw(const http::Response& response, const Endpoint& endpoint);

}  // namespace tgperf::botapi
