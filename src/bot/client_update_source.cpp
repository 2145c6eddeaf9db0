#include "tgperf/bot/client_update_source.hpp"

#include <exception>
#include <string>

namespace tgperf::bot {

PollResult capture_poll(const std::function<std::vector<botapi::Update>()>& attempt) {
  PollResult poll;
  try {
    poll.updates = attempt();
  } catch (const botapi::Cancelled&) {
    poll.status = PollResult::Status::cancelled;
  } catch (const botapi::ApiException& e) {
    poll.status = PollResult::Status::api_error;
    poll.error_code = e.error().error_code;
    poll.description = e.what();
    poll.retry_after = e.error().retry_after;
  } catch (const botapi::NetworkError& e) {
    poll.status = PollResult::Status::network_error;
    poll.description = e.what();
  } catch (const std::exception& e) {
    // A result that is not an array of updates: the server misbehaves; treat it as transient.
    poll.status = PollResult::Status::network_error;
    poll.description = std::string("malformed getUpdates result: ") + e.what();
  }
  return poll;
}

PollResult ClientUpdateSource::get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                                           std::stop_token stop) {
  return capture_poll([&] { return client_.get_updates(offset, limit, timeout, stop); });
}

}  // namespace tgperf::bot
