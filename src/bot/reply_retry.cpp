#include "tgperf/bot/reply_retry.hpp"

#include <algorithm>
#include <chrono>

#include "tgperf/botapi/errors.hpp"

namespace tgperf::bot {

ReplyFailure classify_reply_failure(std::exception_ptr error, int attempt) {
  ReplyFailure failure;
  const bool attempts_left = attempt < kMaxReplyAttempts;
  const Duration backoff =
      std::min<Duration>(std::chrono::milliseconds(100) * (1 << std::min(attempt - 1, 8)), kReplyBackoffMax);
  try {
    std::rethrow_exception(error);
  } catch (const botapi::ApiException& e) {
    failure.description = e.what();
    const int code = e.error().error_code;
    if (attempts_left && code == 429) {
      failure.retry_in = e.error().retry_after ? Duration(*e.error().retry_after) : backoff;
    } else if (attempts_left && code >= 500) {
      failure.retry_in = backoff;
    }
  } catch (const botapi::Cancelled& e) {
    failure.description = e.what();
  } catch (const botapi::NetworkError& e) {
    failure.description = e.what();
    if (attempts_left) failure.retry_in = backoff;
  } catch (const std::exception& e) {
    failure.description = e.what();
  } catch (...) {
    failure.description = "unknown error";
  }
  return failure;
}

}  // namespace tgperf::bot
