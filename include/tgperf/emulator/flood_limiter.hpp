#pragma once
// The Bot API's documented flood limits as token buckets: about 30 messages per second per bot
// overall and about 1 per second per chat, with short bursts tolerated. Not thread-safe (the
// caller's lock guards it).
#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>

namespace tgperf::emulator {

struct FloodLimits {
  double bot_per_s = 30;
  double bot_burst = 30;
  double chat_per_s = 1;
  double chat_burst = 3;
};

class FloodLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FloodLimiter(FloodLimits limits = {}) : limits_(limits) {}

  // Takes one message for `chat_id` at `now`. Returns nothing when allowed; otherwise how long
  // to wait (whole seconds, at least 1, as retry_after is sent) and nothing is taken.
  std::optional<std::chrono::seconds> take(std::int64_t chat_id, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
  };
  static void refill(Bucket& bucket, double per_s, double burst, Clock::time_point now);

  FloodLimits limits_;
  std::optional<Bucket> bot_;
  std::unordered_map<std::int64_t, Bucket> chats_;
};

}  // namespace tgperf::emulator
