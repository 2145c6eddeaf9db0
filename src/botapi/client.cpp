#include "tgperf/botapi/client.hpp"

#include <fmt/format.h>

namespace tgperf::botapi {
namespace {

// A result of the wrong shape is a broken answer, reported like a malformed body.
template <typename T>
T result_as(const nlohmann::json& result, const http::Response& response) {
  try {
    return result.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw NetworkError(fmt::format("HTTP {}: the result does not have the expected shape",
                                   response.http_code),
                       0, response.http_code);
  }
}

}  // namespace

Client::Client(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)) {}

nlohmann::json Client::call(const Request& request, std::stop_token stop) {
  easy_.reset();
  configure(easy_, encode(endpoint_, request, options_.encoding), options_.transport);
  if (stop.stop_possible()) easy_.set_abort_check([stop] { return stop.stop_requested(); });
  last_ = easy_.perform();
  if (!last_.transport_ok() && stop.stop_requested()) throw Cancelled();
  return result_or_throw(last_, endpoint_);
}

User Client::get_me(std::stop_token stop) { return result_as<User>(call(botapi::get_me(), stop), last_); }

std::vector<Update> Client::get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                                        std::stop_token stop) {
  return result_as<std::vector<Update>>(call(botapi::get_updates(offset, limit, timeout), stop), last_);
}

Message Client::send_message(std::int64_t chat_id, const std::string& text, std::stop_token stop) {
  return result_as<Message>(call(botapi::send_message(chat_id, text), stop), last_);
}

bool Client::delete_webhook(bool drop_pending_updates, std::stop_token stop) {
  return result_as<bool>(call(botapi::delete_webhook(drop_pending_updates), stop), last_);
}

nlohmann::json result_or_throw(const http::Response& response, const Endpoint& endpoint) {
  if (!response.transport_ok()) {
    throw NetworkError(redact(redact_secrets(response.error), endpoint.token()), response.curl_code);
  }
  Envelope envelope;
  try {
    envelope = parse_envelope(response.body, response.http_code);
  } catch (const MalformedResponse& e) {
    throw NetworkError(e.what(), 0, response.http_code);
  }
  if (!envelope.ok) {
    envelope.error.description = redact(envelope.error.description, endpoint.token());
    throw ApiException(std::move(envelope.error));
  }
  return std::move(envelope.result);
}

}  // namespace tgperf::botapi
