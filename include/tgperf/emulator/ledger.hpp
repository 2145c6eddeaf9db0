#pragma once
// The emulator's ledger: which simulated user message got which reply, and how long it took.
//
// Every update the scenario offers (and every update injected through Emulator::inject_message)
// is an entry with the moment it became available to the bot. Every sendMessage is matched to the
// entry it answers by the `tgperf#<n>` marker the update's text carries (echo bots send it back),
// or else by reply_to_message_id / reply_parameters.message_id in the same chat. The first reply
// to an entry answers it; later ones are duplicates; a reply that matches nothing is unmatched.
// Latency is from availability to the moment the server received the reply (what a user in the
// chat would see, up to the emulated network's delay back to the user). Thread-safe.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tgperf/emulator/fault_model.hpp"
#include "tgperf/emulator/flood_limiter.hpp"

#include "tgperf/core/duration.hpp"
#include "tgperf/stats/summary.hpp"

namespace tgperf::emulator {

using Clock = std::chrono::steady_clock;

// One bucket of the latency histogram: replies with latency <= upper_ms (and above the previous
// bucket's bound); the last bucket has no upper bound (upper_ms empty).
struct LatencyBucket {
  std::optional<double> upper_ms;
  std::size_t count = 0;
};

struct LedgerReport {
  std::size_t scheduled = 0;     // updates the scenario will offer in all (started bots), + injected
  std::size_t messages = 0;      // updates offered to bots so far
  std::size_t answered = 0;      // updates with at least one reply
  std::size_t duplicates = 0;    // replies beyond the first to one update
  std::size_t unanswered = 0;    // offered updates without a reply (messages - answered)
  std::size_t unmatched = 0;     // sendMessage calls that answer no offered update
  std::size_t out_of_order = 0;  // first replies arriving after a later update of the same chat was answered
  std::size_t replies = 0;       // every sendMessage accepted by the emulator
  double seconds = 0;            // from the first update's availability to the last first reply
                                 // (or to the report, while updates are unanswered)
  double throughput_per_s = 0;   // answered / seconds
  std::optional<stats::Summary> latency_ms;  // availability -> first reply, one sample per answered update
  std::vector<LatencyBucket> histogram;      // the same samples, in fixed log-spaced buckets
  FaultCounts faults;                        // injected by the network model (fault_model.hpp)
  // The --flood limiter's own 429s by limit, and the calls that came back before the retry_after
  // they were told (flood_limiter.hpp); apart from the injected 429s in `faults`.
  FloodCounts flood;
  // --flood was on (set by Emulator::ledger(), which knows its options; the ledger does not):
  // the text report then shows the flood counts even when they are zero.
  bool flood_limits_on = false;
  // Webhook deliveries of an update that was delivered before (its earlier delivery failed or its
  // acknowledgement was lost): the bot may answer each again, i.e. a duplicate with this cause.
  std::size_t redeliveries = 0;
  // Bot API calls by method (every method the emulator knows, in its canonical spelling, 0 when
  // never called): what a client did to the server, e.g. that a read-only tool wrote nothing.
  std::map<std::string, std::size_t> methods;
  bool all_answered() const { return scheduled > 0 && answered == scheduled; }
};

// The marker carried by a scenario message's text, and its inverse (first marker found in `text`).
std::string payload_marker(std::uint64_t sequence);
std::optional<std::uint64_t> find_payload_marker(std::string_view text);

class Ledger {
 public:
  // `bot` identifies the bot (its id) so a reply by another bot or in another chat is unmatched.
  // Returns the sequence number to put in the update's text marker.
  std::uint64_t offer(std::int64_t bot, std::int64_t chat_id, std::int64_t message_id,
                      Clock::time_point available_at);
  // Announces updates that will be offered later (a rate scenario), so "all answered" waits for them.
  void expect(std::size_t count);

  struct Reply {
    std::int64_t bot = 0;
    std::int64_t chat_id = 0;
    std::string_view text;
    std::optional<std::int64_t> reply_to_message_id;
    Clock::time_point received_at;
  };
  void record(const Reply& reply);

  // Faults the network model injected (see FaultCounts).
  void count_fault(FaultKind kind);
  void count_outage(std::size_t connections_cut);
  void count_unacknowledged_reply();
  // A sendMessage the flood limiter answered 429, by the limit that refused it.
  void count_flood_refusal(FloodLimit limit);
  // A sendMessage sent before the retry_after the flood limiter last told it had passed.
  void count_early_retry();
  // A webhook delivery of an update already delivered once.
  void count_redelivery();
  // A call of a Bot API method, named in any case (lock-free: every request counts one).
  void count_method(std::string_view method);

  LedgerReport report(Clock::time_point now = Clock::now()) const;
  // Waits until every scheduled update is answered, or the deadline; true when all are.
  bool wait_until_answered(Clock::time_point deadline) const;

 private:
  struct Entry {
    std::int64_t bot;
    std::int64_t chat_id;
    std::int64_t message_id;
    std::size_t index_in_chat;
    Clock::time_point available_at;
    std::optional<Clock::time_point> answered_at;
    std::size_t replies = 0;
  };
  struct ChatKey {
    std::int64_t bot;
    std::int64_t chat_id;
    friend bool operator==(const ChatKey&, const ChatKey&) = default;
  };
  struct ChatKeyHash {
    std::size_t operator()(const ChatKey& k) const noexcept {
      // Unsigned: the multiplication wraps instead of overflowing (bot ids go up to 2^63 - 1).
      return std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(k.bot) * 1000003u ^
                                        static_cast<std::uint64_t>(k.chat_id));
    }
  };
  struct ChatProgress {
    std::size_t offered = 0;
    std::optional<std::size_t> highest_answered;
    std::unordered_map<std::int64_t, std::uint64_t> by_message_id;  // message_id -> sequence
  };

  // Every scheduled update answered; the caller holds mutex_.
  bool all_answered_locked() const;

  mutable std::mutex mutex_;  // guards everything below
  // Notified when all_answered_locked() becomes true (only a recorded first reply can make it so).
  mutable std::condition_variable answered_changed_;
  std::vector<Entry> entries_;  // index = sequence - 1
  std::unordered_map<ChatKey, ChatProgress, ChatKeyHash> chats_;
  std::size_t expected_later_ = 0;
  std::size_t answered_ = 0;
  std::size_t duplicates_ = 0;
  std::size_t unmatched_ = 0;
  std::size_t out_of_order_ = 0;
  std::size_t replies_ = 0;
  std::size_t redeliveries_ = 0;
  std::array<std::atomic<std::size_t>, 8> method_calls_{};  // by kLedgerMethods' index
  FaultCounts faults_;
  FloodCounts flood_;
  std::optional<Clock::time_point> first_available_;
  std::optional<Clock::time_point> last_answer_;
};

}  // namespace tgperf::emulator
