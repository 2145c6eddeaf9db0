#pragma once
// A Bot API method call as a value (method name + parameters), and its two wire encodings:
//   - query: GET <url>?a=1&b=x, as the wiki's curl recipe sends it;
//   - json:  POST with an application/json body, as python-telegram-bot and grammY send it.
// The emulator and the real server accept both. encode() turns a Request into exactly what goes
// on the wire (with a redacted URL for output); configure() loads that onto an Easy handle, so the
// synchronous Client and any curl-multi event loop send byte-identical requests.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tgperf/botapi/endpoint.hpp"

namespace tgperf::http {
class Easy;
struct TransportOptions;
}  // namespace tgperf::http

namespace tgperf::botapi {

// A parameter value. RawJson carries an already-serialised JSON object or array (reply_markup,
// reply_parameters): inlined as JSON in a JSON body, sent as its text in a query string.
struct RawJson {
  std::string text;
  friend bool operator==(const RawJson&, const RawJson&) = default;
};
using ParamValue = std::variant<std::int64_t, bool, std::string, RawJson>;

struct Param {
  std::string name;
  ParamValue value;
};

struct Request {
  std::string method;         // e.g. "getMe"
  std::vector<Param> params;  // in the order they are sent
  // How long the server may hold the request before answering (getUpdates' long-poll timeout):
  // a client must wait at least this long plus a round trip before calling it a timeout.
  std::chrono::seconds server_wait{0};

  Request& with(std::string name, ParamValue value);
};

// Builders for the methods tgperf uses.
Request get_me();
// offset: confirms every update below it (0: none); limit 1..100; timeout: long polling, seconds.
Request get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout);
Request send_message(std::int64_t chat_id, std::string text);
Request send_message(std::string chat_username, std::string text);  // "@channel"
// max_connections 0 and an empty secret are not sent (server defaults).
Request set_webhook(std::string url, std::string secret_token = {}, int max_connections = 0);
Request delete_webhook(bool drop_pending_updates = false);
Request get_webhook_info();

enum class Encoding { query, json };

// What goes on the wire.
struct EncodedRequest {
  std::string http_method;   // "GET" or "POST"
  std::string url;           // real URL (holds the token): for libcurl only
  std::string redacted_url;  // the same with the secret replaced by ***: for output
  std::string body;          // JSON body for Encoding::json, else empty
  std::string content_type;  // "application/json" or empty
  std::chrono::seconds server_wait{0};
};

// `a=1&b=x%20y`: names and values percent-encoded (RFC 3986 unreserved characters kept).
std::string query_string(const Request& request);
// `{"a":1,"b":"x y"}`
std::string json_body(const Request& request);

EncodedRequest encode(const Endpoint& endpoint, const Request& request, Encoding encoding);

// Loads `request` onto `easy` (after easy.reset()): URL, method, body, headers, then the transport
// options. A request that makes the server wait (long polling) gets its max time extended by that
// wait, so a poll is not cut short by a --max-time meant for one round trip.
void configure(http::Easy& easy, const EncodedRequest& request,
               const http::TransportOptions& transport);

}  // namespace tgperf::botapi
