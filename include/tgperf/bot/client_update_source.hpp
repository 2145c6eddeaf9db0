#pragma once
// The real UpdateSource: getUpdates through the shared Bot API client, its typed failures turned
// into PollResult values (ApiException -> api_error with retry_after, NetworkError -> network_error,
// Cancelled -> cancelled).
#include <functional>
#include <vector>

#include "tgperf/bot/update_source.hpp"
#include "tgperf/botapi/client.hpp"

namespace tgperf::bot {

class ClientUpdateSource : public UpdateSource {
 public:
  // The client must outlive the source and be used by no other thread meanwhile.
  explicit ClientUpdateSource(botapi::Client& client) : client_(client) {}
  PollResult get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                         std::stop_token stop) override;

 private:
  botapi::Client& client_;
};

// Runs one getUpdates attempt (blocking, or the decoding of an exchange finished elsewhere) and
// turns its outcome or exception into a PollResult. Shared by the blocking and event-loop bots.
PollResult capture_poll(const std::function<std::vector<botapi::Update>()>& attempt);

}  // namespace tgperf::bot
