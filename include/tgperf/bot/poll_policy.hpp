#pragma once
// The rules of long polling, without the waiting: given one getUpdates outcome, which updates to
// hand over, which offset to send next, how long to wait before the next call, and when to give up.
// Shared by the blocking Updater (a thread per poller) and the event-loop runner (a timer), so both
// confirm offsets and treat errors the same way.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "tgperf/bot/update_source.hpp"

namespace tgperf::bot {

struct UpdaterOptions {
  int limit = 100;                                   // getUpdates limit, 1..100
  std::chrono::seconds poll_timeout{10};             // long polling timeout sent to the server
  std::chrono::milliseconds backoff_initial{100};    // first wait after a network error
  std::chrono::milliseconds backoff_max{std::chrono::seconds(30)};
  std::int64_t initial_offset = 0;                   // 0: whatever the server holds
  bool stop_on_conflict = false;
  // On a clean stop, one getUpdates(offset, limit 1, timeout 0) tells the server what was handled,
  // as python-telegram-bot does; otherwise a restarted bot would see those updates again.
  bool confirm_on_stop = true;
};

// The longest a stopping bot waits for that confirmation before it gives up on it.
inline constexpr std::chrono::milliseconds kConfirmLimit{500};

struct UpdaterResult {
  enum class Reason { stop_requested, fatal_error, conflict, delivery_failed };
  Reason reason = Reason::stop_requested;
  std::int64_t next_offset = 0;     // every update below this was delivered
  std::size_t polls = 0;
  std::size_t delivered = 0;
  std::size_t network_errors = 0;
  std::size_t rate_limited = 0;     // 429 answers
  std::size_t conflicts = 0;        // 409 answers
  std::string last_error;           // the last failure's description, for the user
};

// What the updater reports while it runs (for a bot's log); called on the polling thread.
struct UpdaterEvent {
  enum class Kind { network_error, rate_limited, conflict, fatal_error };
  Kind kind;
  std::string description;
  std::chrono::milliseconds wait{0};  // how long the updater now waits before polling again
};

class PollPolicy {
 public:
  using Deliver = std::function<void(const botapi::Update&)>;

  struct Step {
    std::chrono::milliseconds wait{0};               // before the next getUpdates
    std::optional<UpdaterResult::Reason> stop;       // polling must end, for this reason
    std::optional<UpdaterEvent> event;               // something worth telling the user
  };

  explicit PollPolicy(const UpdaterOptions& options);

  // Takes one outcome (not `cancelled`). Delivers new updates in order, raising the offset past
  // each one only after `deliver` returned; a throwing deliver ends polling with delivery_failed.
  // When `keep_going` (optional) turns false before an update, the rest of the batch is not
  // handed over and stays unconfirmed (a stopping bot leaves it to the next poller).
  Step handle(const PollResult& poll, const Deliver& deliver, const std::function<bool()>& keep_going = nullptr);

  // The offset for the next getUpdates: every update below it has been delivered.
  std::int64_t offset() const { return result_.next_offset; }
  const UpdaterResult& result() const { return result_; }
  UpdaterResult& result() { return result_; }
  const UpdaterOptions& options() const { return options_; }

 private:
  Step backoff_step(UpdaterEvent::Kind kind, const std::string& description);

  UpdaterOptions options_;
  UpdaterResult result_;
  std::chrono::milliseconds backoff_;
};

}  // namespace tgperf::bot
