#include "tgperf/emulator/flood_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tgperf::emulator {

void FloodLimiter::refill(Bucket& bucket, double per_s, double burst, Clock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(burst, bucket.tokens + elapsed * per_s);
    bucket.refilled = now;
  }
}

std::optional<std::chrono::seconds> FloodLimiter::take(std::int64_t chat_id, Clock::time_point now) {
  if (!bot_) bot_ = Bucket{limits_.bot_burst, now};
  auto [chat_it, inserted] = chats_.try_emplace(chat_id, Bucket{limits_.chat_burst, now});
  Bucket& chat = chat_it->second;
  refill(*bot_, limits_.bot_per_s, limits_.bot_burst, now);
  refill(chat, limits_.chat_per_s, limits_.chat_burst, now);
  double wait_s = 0;
  if (bot_->tokens < 1) wait_s = std::max(wait_s, (1 - bot_->tokens) / limits_.bot_per_s);
  if (chat.tokens < 1) wait_s = std::max(wait_s, (1 - chat.tokens) / limits_.chat_per_s);
  if (wait_s > 0) return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait_s))));
  bot_->tokens -= 1;
  chat.tokens -= 1;
  return std::nullopt;
}

}  // namespace tgperf::emulator
