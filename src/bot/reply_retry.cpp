#include "tgperf/bot/reply_retry.hpp"

#include <algorithm>
#include <chrono>

namespace tgperf::bot {

ReplyFailure classify_reply_failure(const botapi::Outcome& failed, int attempt) {
  ReplyFailure failure;
  failure.description = failed.description;
  if (attempt >= kMaxReplyAttempts) return failure;
  const Duration backoff =
      std::min<Duration>(std::chrono::milliseconds(100) * (1 << std::min(attempt - 1, 8)), kReplyBackoffMax);
  switch (failed.kind) {
    case botapi::Outcome::Kind::api_error:
      if (failed.error.error_code == 429) {
        failure.retry_in = failed.error.retry_after ? Duration(*failed.error.retry_after) : backoff;
      } else if (failed.error.error_code >= 500) {
        failure.retry_in = backoff;
      }
      break;
    case botapi::Outcome::Kind::transport_error:
    case botapi::Outcome::Kind::malformed:
      failure.retry_in = backoff;
      break;
    case botapi::Outcome::Kind::ok:  // nothing failed: nothing to retry
    case botapi::Outcome::Kind::cancelled:
      break;
  }
  return failure;
}

}  // namespace tgperf::bot
