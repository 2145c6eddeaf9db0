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

bool FloodLimiter::told_to_wait(const Bucket& bucket, Clock::time_point now) {
  return bucket.told_to_wait_until && now < *bucket.told_to_wait_until;
}

FloodDecision FloodLimiter::take(std::int64_t chat_id, Clock::time_point now) {
  if (!bot_) bot_ = Bucket{limits_.bot_burst, now, std::nullopt};
  auto [chat_it, inserted] = chats_.try_emplace(chat_id, Bucket{limits_.chat_burst, now, std::nullopt});
  Bucket& chat = chat_it->second;
  FloodDecision decision;
  // Judged against what was told before this call: its own refusal below moves the deadline.
  decision.early_retry = told_to_wait(chat, now) || told_to_wait(*bot_, now);

  refill(*bot_, limits_.bot_per_s, limits_.bot_burst, now);
  refill(chat, limits_.chat_per_s, limits_.chat_burst, now);
  const double bot_wait_s = bot_->tokens < 1 ? (1 - bot_->tokens) / limits_.bot_per_s : 0;
  const double chat_wait_s = chat.tokens < 1 ? (1 - chat.tokens) / limits_.chat_per_s : 0;
  if (bot_wait_s == 0 && chat_wait_s == 0) {
    bot_->tokens -= 1;
    chat.tokens -= 1;
    return decision;
  }
  // When both limits refuse, the one with the longer wait is counted: retry_after is that wait,
  // and after only the shorter one the call would still be refused by the other, so the longer is
  // the limit the client actually has to respect. On an exact tie the chat limit is counted: it is
  // the narrower one, and spreading messages over chats would not have helped this call.
  const FloodLimit limit = bot_wait_s > chat_wait_s ? FloodLimit::bot : FloodLimit::chat;
  const double wait_s = std::max(bot_wait_s, chat_wait_s);
  const std::chrono::seconds retry_after(std::max<long long>(1, static_cast<long long>(std::ceil(wait_s))));
  // The deadline is the whole seconds sent, not the exact wait: a client is early only against
  // what it was told.
  Bucket& told = limit == FloodLimit::bot ? *bot_ : chat;
  told.told_to_wait_until = now + retry_after;
  decision.refusal = FloodRefusal{limit, retry_after};
  return decision;
}

}  // namespace tgperf::emulator
