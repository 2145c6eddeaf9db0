#pragma once
// The real UpdateSource: getUpdates through the shared Bot API client, its outcome turned into a
// PollResult (api_error with retry_after; transport failure or malformed answer -> network_error;
// cancelled).

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

// One getUpdates outcome (from the blocking client, or interpreted by the event loop) as a
// PollResult. Shared by the blocking and event-loop bots.
PollResult poll_result(botapi::Outcome outcome);

}  // namespace tgperf::bot
