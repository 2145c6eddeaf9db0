#pragma once
// When a failed sendMessage is worth another try, and after how long: 429 after the server's
// retry_after, 5xx and transport failures with exponential backoff (100 ms, 200 ms, 400 ms),
// anything else (400 chat not found, 403 blocked by the user, 401) never — retrying cannot help.
#include <exception>
#include <optional>
#include <string>

#include "tgperf/core/duration.hpp"

namespace tgperf::bot {

inline constexpr int kMaxReplyAttempts = 4;

struct ReplyFailure {
  std::string description;          // token already redacted by the client
  std::optional<Duration> retry_in;  // none: give up
};

// Classifies the exception of attempt number `attempt` (1-based).
ReplyFailure classify_reply_failure(std::exception_ptr error, int attempt);

}  // namespace tgperf::bot
