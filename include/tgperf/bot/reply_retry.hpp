#pragma once
// When a failed sendMessage is worth another try, and after how long: 429 after the server's
// retry_after, 5xx and transport failures (refused, reset, dropped mid-response, timed out) with
// exponential backoff (100 ms, 200 ms, ... capped at 5 s, about 21 s over all attempts, so a reply
// outlives a short outage), anything else (400 chat not found, 403 blocked by the user, 401)
// never — retrying cannot help.
//
// A retry after a dropped or timed-out answer may send a message the server already delivered:
// the chat sees it twice. That is the price of not losing replies; echo-bench counts it.
#include <chrono>
#include <optional>
#include <string>

#include "tgperf/botapi/outcome.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::bot {

inline constexpr int kMaxReplyAttempts = 10;
inline constexpr std::chrono::milliseconds kReplyBackoffMax{5000};

struct ReplyFailure {
  std::string description;          // token already redacted (botapi::interpret)
  std::optional<Duration> retry_in;  // none: give up
};

// Classifies the failed outcome of attempt number `attempt` (1-based).
ReplyFailure classify_reply_failure(const botapi::Outcome& failed, int attempt);

}  // namespace tgperf::bot
