#include "tgperf/botapi/client.hpp"

namespace tgperf::botapi {
namespace {

// The typed calls: the result as T, else the failure (a result of the wrong shape is a broken
// answer, reported like a malformed body) as an exception.
template <typename T>
T result_as(Outcome outcome) {
  if (auto value = take_result<T>(outcome)) return std::move(*value);
  throw_failure(std::move(outcome));
}

}  // namespace

Client::Client(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)) {}

Outcome Client::exchange(const Request& request, std::stop_token stop) {
  easy_.reset();
  configure(easy_, encode(endpoint_, request, options_.encoding), options_.transport);
  if (stop.stop_possible()) easy_.set_abort_check([stop] { return stop.stop_requested(); });
  last_ = easy_.perform();
  if (!last_.transport_ok() && stop.stop_requested()) return Outcome::cancelled_call();
  return interpret(last_, endpoint_);
}

nlohmann::json Client::call(const Request& request, std::stop_token stop) {
  return result_or_throw(exchange(request, stop));
}

User Client::get_me(std::stop_token stop) { return result_as<User>(exchange(botapi::get_me(), stop)); }

std::vector<Update> Client::get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                                        std::stop_token stop) {
  return result_as<std::vector<Update>>(exchange(botapi::get_updates(offset, limit, timeout), stop));
}

Message Client::send_message(std::int64_t chat_id, const std::string& text, std::stop_token stop) {
  return result_as<Message>(exchange(botapi::send_message(chat_id, text), stop));
}

bool Client::delete_webhook(bool drop_pending_updates, std::stop_token stop) {
  return result_as<bool>(exchange(botapi::delete_webhook(drop_pending_updates), stop));
}

nlohmann::json result_or_throw(const http::Response& response, const Endpoint& endpoint) {
  return result_or_throw(interpret(response, endpoint));
}

}  // namespace tgperf::botapi
