#pragma once
// The Bot API's documented flood limits as token buckets: about 30 messages per second per bot
// overall and about 1 per second per chat, with short bursts tolerated. Not thread-safe (the
// caller's lock guards it).
//
// It also remembers what it told: the moment until which it last asked each chat, and the bot as
// a whole, to wait (retry_after). A call that comes back before that moment is an early retry,
// whether or not the buckets would let it through: the client did not honour the answer it got.
// That memory lives in the per-chat bucket, so it costs nothing beyond the chats the limiter
// already tracks (the caller only hands in chats that exist, so their number is bounded).
#include <chrono>
#include <cstddef>
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

// Which limit refused a message.
enum class FloodLimit { chat, bot };

struct FloodRefusal {
  FloodLimit limit;
  std::chrono::seconds retry_after;  // whole seconds, at least 1, as retry_after is sent
};

// What the limiter made of one message.
struct FloodDecision {
  std::optional<FloodRefusal> refusal;  // none: allowed, and one message was taken
  // Sent before the retry_after this limiter last told the chat (chat limit) or the bot (bot
  // limit) had passed.
  bool early_retry = false;
};

// The limiter's 429s by the limit that refused, and the early retries (serve's ledger).
struct FloodCounts {
  std::size_t chat_limited = 0;
  std::size_t bot_limited = 0;
  std::size_t early_retries = 0;

  bool any() const { return chat_limited > 0 || bot_limited > 0 || early_retries > 0; }
};

class FloodLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FloodLimiter(FloodLimits limits = {}) : limits_(limits) {}

  // Takes one message for `chat_id` at `now`, unless a limit refuses it (then nothing is taken
  // and the refusal says which limit and how long to wait).
  FloodDecision take(std::int64_t chat_id, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
    // Until when the last refusal by this bucket's limit asked to wait (none: never refused).
    std::optional<Clock::time_point> told_to_wait_until;
  };
  static void refill(Bucket& bucket, double per_s, double burst, Clock::time_point now);
  static bool told_to_wait(const Bucket& bucket, Clock::time_point now);

  FloodLimits limits_;
  std::optional<Bucket> bot_;
  std::unordered_map<std::int64_t, Bucket> chats_;
};

}  // namespace tgperf::emulator
