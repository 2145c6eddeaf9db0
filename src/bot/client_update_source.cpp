#include "tgperf/bot/client_update_source.hpp"

#include <utility>

#include "tgperf/botapi/request.hpp"

namespace tgperf::bot {

PollResult poll_result(botapi::Outcome outcome) {
  PollResult poll;
  // A result that is not an array of updates turns the outcome malformed: the server misbehaves;
  // treated as transient, like no answer.
  if (auto updates = botapi::take_result<std::vector<botapi::Update>>(outcome)) {
    poll.updates = std::move(*updates);
    return poll;
  }
  poll.description = std::move(outcome.description);
  switch (outcome.kind) {
    case botapi::Outcome::Kind::cancelled:
      poll.status = PollResult::Status::cancelled;
      break;
    case botapi::Outcome::Kind::api_error:
      poll.status = PollResult::Status::api_error;
      poll.error_code = outcome.error.error_code;
      poll.retry_after = outcome.error.retry_after;
      break;
    case botapi::Outcome::Kind::ok:  // not reached: take_result returned the updates
    case botapi::Outcome::Kind::transport_error:
    case botapi::Outcome::Kind::malformed:
      poll.status = PollResult::Status::network_error;
      break;
  }
  return poll;
}

PollResult ClientUpdateSource::get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                                           std::stop_token stop) {
  return poll_result(client_.exchange(botapi::get_updates(offset, limit, timeout), stop));
}

}  // namespace tgperf::bot
