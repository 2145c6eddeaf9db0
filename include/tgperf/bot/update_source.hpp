#pragma once
// Where the Updater gets updates from: one getUpdates call. The real source is the Bot API client
// (ClientUpdateSource); tests use a scripted fake, so the updater's rules (offsets, backoff,
// retry_after, conflicts) are tested without a network.
#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "tgperf/botapi/types.hpp"

namespace tgperf::bot {

struct PollResult {
  enum class Status {
    ok,             // `updates` holds the result (possibly empty after a long poll timed out)
    api_error,      // the server answered with an error envelope (error_code, description, ...)
    network_error,  // no usable answer: refused, reset, timeout, malformed body
    cancelled,      // the stop token fired during the call
  };
  Status status = Status::ok;
  std::vector<botapi::Update> updates;
  int error_code = 0;
  std::string description;  // never contains the token
  std::optional<std::chrono::seconds> retry_after;  // 429's parameters.retry_after
};

class UpdateSource {
 public:
  virtual ~UpdateSource() = default;
  // getUpdates(offset, limit, timeout). Should return early with `cancelled` when `stop` fires.
  virtual PollResult get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout,
                                 std::stop_token stop) = 0;
};

}  // namespace tgperf::bot
